import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { messageKind } from '../core/kinds';
import type { ClineMessage } from '../core/protocol';
import { MessageView } from './MessageView';

/** Within this many pixels of the page's end counts as "at the bottom". */
const NEAR_BOTTOM = 80;

/** What scrolls the page. */
function pageScroller(): Element {
  return document.scrollingElement ?? document.documentElement;
}

/**
 * A task's messages in order. Each message is drawn again only when the fold replaced it (the one
 * streaming); the page follows new messages only when the reader was already at the bottom. Where
 * the reader is comes from scroll events, never from reading the layout while drawing, and the page
 * follows once per frame however many updates arrived in it.
 */
export function Transcript({ messages, label }: { messages: ClineMessage[]; label: string }) {
  const atBottom = useRef(true);
  const frame = useRef(0);
  // Where the page's own last scroll put it: at or below it the reader has not scrolled up, even when
  // the transcript grew between that scroll and its event.
  const ownTop = useRef<number | null>(null);
  useEffect(() => {
    const scroller = pageScroller();
    const onScroll = () => {
      if (ownTop.current !== null && scroller.scrollTop >= ownTop.current - 1) {
        atBottom.current = true;
        return;
      }
      ownTop.current = null;
      atBottom.current = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < NEAR_BOTTOM;
    };
    window.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.removeEventListener('scroll', onScroll);
      cancelAnimationFrame(frame.current);
      frame.current = 0;
    };
  }, []);
  useLayoutEffect(() => {
    if (!atBottom.current || frame.current !== 0 || typeof requestAnimationFrame === 'undefined') return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      const scroller = pageScroller();
      // To the page's very end, so what is under the transcript (the ask, the buttons) stays in view.
      if (!atBottom.current) return;
      scroller.scrollTop = scroller.scrollHeight;
      ownTop.current = scroller.scrollTop;
    });
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
