import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ClineMessage } from '../src/core/protocol';
import { Transcript } from '../src/ui/Transcript';

const scroller = document.documentElement;
let height = 1000;
let root: HTMLElement;

function say(ts: number, text: string): ClineMessage {
  return { ts, type: 'say', say: 'text', text };
}

/** A page 400 px high whose content is `height` px; scrollTop is kept within it, as a browser does. */
function layout() {
  let top = 0;
  Object.defineProperty(scroller, 'scrollHeight', { configurable: true, get: () => height });
  Object.defineProperty(scroller, 'clientHeight', { configurable: true, get: () => 400 });
  Object.defineProperty(scroller, 'scrollTop', {
    configurable: true,
    get: () => top,
    set: (v: number) => {
      top = Math.max(0, Math.min(v, height - 400));
    },
  });
}

function frames() {
  vi.advanceTimersByTime(50);
}

afterEach(() => {
  render(null, root);
  root.remove();
  vi.useRealTimers();
});

describe('the transcript follows new messages', () => {
  it('while the reader is at the bottom, and not once they scrolled up', () => {
    vi.useFakeTimers({ toFake: ['requestAnimationFrame', 'cancelAnimationFrame', 'setTimeout'] });
    layout();
    root = document.createElement('div');
    document.body.appendChild(root);
    const messages = [say(1, 'Task'), say(2, 'First')];
    act(() => render(<Transcript messages={messages} label="Transcript" />, root));
    frames();
    expect(scroller.scrollTop).toBe(600);

    height = 1500;
    act(() => render(<Transcript messages={[...messages, say(3, 'More')]} label="Transcript" />, root));
    frames();
    expect(scroller.scrollTop).toBe(1100);

    // The transcript grew again before the page's own scroll event arrived: still following.
    height = 2000;
    window.dispatchEvent(new Event('scroll'));
    act(() => render(<Transcript messages={[...messages, say(3, 'More'), say(4, 'Again')]} label="Transcript" />, root));
    frames();
    expect(scroller.scrollTop).toBe(1600);

    // The reader scrolls up to read: the page stays where they are.
    scroller.scrollTop = 200;
    window.dispatchEvent(new Event('scroll'));
    height = 2500;
    act(() => render(<Transcript messages={[...messages, say(5, 'Later')]} label="Transcript" />, root));
    frames();
    expect(scroller.scrollTop).toBe(200);

    // Back at the bottom: following again.
    scroller.scrollTop = 2100;
    window.dispatchEvent(new Event('scroll'));
    height = 3000;
    act(() => render(<Transcript messages={[...messages, say(6, 'Last')]} label="Transcript" />, root));
    frames();
    expect(scroller.scrollTop).toBe(2600);
  });
});

describe('a long transcript', () => {
  const shown = () => [...root.querySelectorAll('.transcript > li')];

  it('shows every message in order as messages stream, arrive and change anywhere in it', () => {
    root = document.createElement('div');
    document.body.appendChild(root);
    let messages = Array.from({ length: 120 }, (_, i) => say(i + 1, `Message ${i + 1}`));
    act(() => render(<Transcript messages={messages} label="Transcript" />, root));
    expect(shown().map((li) => li.getAttribute('data-ts'))).toEqual(messages.map((m) => String(m.ts)));
    expect(shown()[0].querySelector('.tag')?.textContent).toBe('Task');
    expect(shown()[1].querySelector('.tag')?.textContent).toBe('Roo');
    const before = shown();

    // A reply streams at the end: the messages before it stay as they are in the page.
    for (const text of ['Str', 'Streaming', 'Streaming **done**']) {
      messages = [...messages.slice(0, -1), { ...say(120, text), partial: text !== 'Streaming **done**' }];
      act(() => render(<Transcript messages={messages} label="Transcript" />, root));
    }
    expect(shown().slice(0, 119)).toEqual(before.slice(0, 119));
    expect(shown()[119].querySelector('strong')?.textContent).toBe('done');

    // One in the middle changes, and more arrive past the next run.
    messages = messages.map((m) => (m.ts === 60 ? say(60, 'Changed') : m));
    messages = [...messages, ...Array.from({ length: 40 }, (_, i) => say(121 + i, `New ${121 + i}`))];
    act(() => render(<Transcript messages={messages} label="Transcript" />, root));
    expect(shown().map((li) => li.getAttribute('data-ts'))).toEqual(messages.map((m) => String(m.ts)));
    expect(shown()[59].textContent).toContain('Changed');
    expect(shown()[0]).toBe(before[0]);
    expect(shown()[159].textContent).toContain('New 160');

    // A message taken out of the middle: the rest close up, in order.
    messages = messages.filter((m) => m.ts !== 30);
    act(() => render(<Transcript messages={messages} label="Transcript" />, root));
    expect(shown().map((li) => li.getAttribute('data-ts'))).toEqual(messages.map((m) => String(m.ts)));
    expect(shown()[0].querySelector('.tag')?.textContent).toBe('Task');
  });
});
