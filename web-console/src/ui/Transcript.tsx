import { useLayoutEffect, useRef } from 'preact/hooks';
import { messageKind } from '../core/kinds';
import type { ClineMessage } from '../core/protocol';
import { MessageView } from './MessageView';

/**
 * A task's messages in order. Each message is drawn again only when the fold replaced it (the one
 * streaming); the page follows new messages only when the reader was already at the bottom.
 */
export function Transcript({ messages, label }: { messages: ClineMessage[]; label: string }) {
  const atBottom = useRef(true);
  const scroller = typeof document !== 'undefined' ? document.scrollingElement : null;
  if (scroller) {
    atBottom.current = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 80;
  }
  useLayoutEffect(() => {
    // To the page's very end, so what is under the transcript (the ask, the buttons) stays in view.
    if (atBottom.current && scroller) scroller.scrollTop = scroller.scrollHeight;
  });
  if (messages.length === 0) return <p class="muted empty">No messages yet.</p>;
  return (
    <ol class="transcript" aria-label={label}>
      {messages.map((m, i) => (
        <MessageView key={m.ts} m={m} kind={messageKind(m, i === 0)} />
      ))}
    </ol>
  );
}
