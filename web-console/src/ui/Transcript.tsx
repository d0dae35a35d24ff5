import { memo } from 'preact/compat';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';
import { messageKind } from '../core/kinds';
import type { ClineMessage } from '../core/protocol';
import { MessageView } from './MessageView';

/** Messages are drawn in runs of this many: a run none of whose messages changed is skipped whole. */
const RUN = 50;

function sameMessages(a: ClineMessage[], b: ClineMessage[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Messages `start` to `start + messages.length - 1` of a task, each drawn again only when the fold
 * replaced it. While a reply streams into a long transcript, only the run holding it is looked at.
 */
const MessageRun = memo(
  function MessageRun({ messages, start }: { messages: ClineMessage[]; start: number }) {
    return (
      <>
        {messages.map((m, i) => (
          <MessageView key={m.ts} m={m} kind={messageKind(m, start + i === 0)} />
        ))}
      </>
    );
  },
  (before, after) => before.start === after.start && sameMessages(before.messages, after.messages),
);

/** Within this many pixels of the page's end counts as "at the bottom". */
const NEAR_BOTTOM = 80;

function runs(messages: ClineMessage[]) {
  const drawn = [];
  for (let start = 0; start < messages.length; start += RUN) {
    drawn.push(<MessageRun key={start} start={start} messages={messages.slice(start, start + RUN)} />);
  }
  return drawn;
}

/** What scrolls the page. */
function pageScroller(): Element {
  return document.scrollingElement ?? document.documentElement;
}

/**
 * A task's messages in order. Each message is drawn again only when the fold replaced it (the one
 * streaming), and only its run of messages is compared; the page follows new messages only when the reader was already at the bottom. Where
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
      {runs(messages)}
    </ol>
  );
}
