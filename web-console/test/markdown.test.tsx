import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { type MarkdownBlocks, blockToHtml, markdownBlocks, markdownToHtml } from '../src/core/markdown';
import { Markdown } from '../src/ui/MessageView';
import { SAMPLES } from './markdown-samples';

function joined(text: string, previous?: MarkdownBlocks): string {
  const { blocks, links } = markdownBlocks(text, previous);
  return blocks.map((b) => blockToHtml(b, links)).join('');
}

describe('Markdown rendered block by block', () => {
  for (const [name, text] of Object.entries(SAMPLES)) {
    it(`gives the same sanitised HTML as the whole text: ${name}`, () => {
      expect(joined(text)).toBe(markdownToHtml(text));
    });

    it(`gives the same HTML at every point while it streams: ${name}`, () => {
      let state: MarkdownBlocks | undefined;
      for (let end = 1; end <= text.length; end++) {
        const part = text.slice(0, end);
        expect(joined(part, state), part).toBe(markdownToHtml(part));
        state = markdownBlocks(part, state);
      }
    }, 60_000);
  }

  it('strips scripts and handlers and styles, and opens links safely', () => {
    const html = joined(SAMPLES.rawHtml + '\n\n' + SAMPLES.referenceLinks);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('onerror');
    expect(html).not.toContain('onclick');
    expect(html).not.toContain('style=');
    expect(html).not.toContain('javascript:');
    expect(html).not.toContain('<iframe');
    expect(html).not.toContain('_self');
    expect(html).toContain('<a href="https://example.com/docs" title="Docs" target="_blank" rel="noopener noreferrer">');
  });
});

let root: HTMLElement | undefined;

afterEach(() => {
  if (!root) return;
  render(null, root);
  root.remove();
  root = undefined;
});

function track(el: HTMLElement) {
  root = el;
}

describe('a streaming Markdown message', () => {
  it('keeps a finished block in the page as the text grows; only the growing block changes', () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    track(root);
    const start = '# Plan\n\n```sh\nnpm test\n```\n\nFirst';
    act(() => render(<Markdown text={start} />, root));
    const heading = root.querySelector('h1')!;
    const code = root.querySelector('pre')!;
    const para = root.querySelector('p')!;
    expect(para.textContent).toBe('First');

    act(() => render(<Markdown text={`${start} words, then more`} />, root));
    expect(root.querySelector('h1')).toBe(heading);
    expect(root.querySelector('pre')).toBe(code);
    expect(heading.isConnected && code.isConnected).toBe(true);
    expect(root.querySelector('p')!.textContent).toBe('First words, then more');

    act(() => render(<Markdown text={`${start} words, then more\n\n- a list`} />, root));
    expect(root.querySelector('h1')).toBe(heading);
    expect(root.querySelector('pre')).toBe(code);
    expect(root.querySelector('li')?.textContent).toBe('a list');
    expect(root.querySelector('.md')!.textContent).toContain('First words, then more');
  });

  it('draws a reference link again when its definition arrives later in the text', () => {
    const root = document.createElement('div');
    document.body.appendChild(root);
    track(root);
    act(() => render(<Markdown text={'See [docs].\n\n'} />, root));
    expect(root.querySelector('a')).toBeNull();
    act(() => render(<Markdown text={'See [docs].\n\n[docs]: https://example.com/docs'} />, root));
    expect(root.querySelector('a')?.getAttribute('href')).toBe('https://example.com/docs');
  });
});
