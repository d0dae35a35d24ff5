import { Marked, type Token } from 'marked';
import { describe, expect, it } from 'vitest';
import { type MarkdownBlocks, markdownBlocks } from '../src/core/markdown';
import { SAMPLES } from './markdown-samples';

const marked = new Marked({ gfm: true, breaks: false, async: false });

/** Texts whose end, as it streams, changes what an earlier block is. */
const STREAMING: Record<string, string> = {
  listContinues: 'Intro.\n\n- one\n- two\n\n- three, now a loose list\n\n  still the third item\n\nAfter.',
  listBecomesHeading: 'Text\n\n- a\n---\n\nMore',
  fenceOpens: 'Text.\n\n## Code\n\n```ts\nconst a = 1;\n\n# not a heading\n\n- not a list\n```\n\n- a list after it',
  fenceWithBacktickInfo: 'para\n```a`b\nstill the paragraph\n\n```\nreal fence\n```',
  headingMarkerBecomesText: 'para\n#x is text\n\npara\n# a heading\n\nend',
  setextHeading: 'First line\nsecond line\n===\n\nAnother\n---\n\n- item\n---',
  tableGrows: 'Before\n\n| a | b |\n| - | - |\n| 1 | 2 |\n| 3 | 4 |\nlazy row\n\nAfter',
  tableAfterParagraph: 'para\n| a | b |\n| - | - |\n| 1 | 2 |',
  htmlBlocks: 'para\n<div>\nhtml\n</div>\n\n<!-- a comment\n\nstill the comment -->\n\n<pre>\n\ncode\n</pre>\ntext\n<span>inline</span>',
  blockquoteLazy: '> quoted\nlazy line\n> again\n\n> other\n\n- list\n> quote after list',
  indentedCode: 'para\n    not code\n\n    code\n    more\n\ntext',
  definitionsLate: 'See [a] and [b][] and [C].\n\n> [b]: https://example.com/b\n\n[a]: https://example.com/a "A"\n[a]: https://example.com/second\n[c]: <https://example.com/c>\n\nAgain [a].',
  definitionInParagraph: 'para\n[x]: https://example.com/x\n\n[x]\n\n[x]: https://example.com/y\n',
  orderedLists: 'para\n1. one\n2. two\n\n3) three\n\npara\n2. not a list',
  crlf: 'Line one\r\nline two\r\n\r\n- a\r\n- b\r\n\r\n```\r\ncode\r\n```\r\n',
  emphasisAcrossBlocks: '*open\n\nstill* and **bold\n\n~~del~~ `code\n\nspan`',
};

function full(text: string): { blocks: Token[]; links: Record<string, unknown> } {
  const tokens = marked.lexer(text);
  return { blocks: [...tokens], links: { ...tokens.links } };
}

function streamed(text: string, step: (at: number) => number): MarkdownBlocks[] {
  const states: MarkdownBlocks[] = [];
  let state: MarkdownBlocks | undefined;
  for (let end = 0; end < text.length; ) {
    end = Math.min(text.length, end + step(end));
    state = markdownBlocks(text.slice(0, end), state);
    states.push(state);
  }
  return states;
}

function expectSame(state: MarkdownBlocks, text: string) {
  const expected = full(text);
  expect(state.blocks, JSON.stringify(text)).toEqual(expected.blocks);
  expect({ ...state.links }, JSON.stringify(text)).toEqual(expected.links);
}

/** A small deterministic random source, so a failure can be run again. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** How many random texts of each kind; more with MARKDOWN_SEEDS=… in the environment. */
const SEEDS = Number(process.env.MARKDOWN_SEEDS ?? 150);

/** Random Markdown from pieces that start and end blocks anywhere, even inside a line. */
const PIECES = [
  'para', 'text *em', 'phasis*', '\n', '\n\n', '- ', '* ', '1. ', '2) ', '  ', '    ', '#', '## ', '===', '---', '```',
  '~~~', '`', '> ', '| a | b |', '| - | - |', '[x]', '[x]: https://example.com/x', '<div>', '</div>', '<!--', '-->',
  '<pre>', '**', '_', '~~', '\\', 'https://example.com', '[l](https://example.com)', '\t',
];

function pieces(next: () => number): string {
  let text = '';
  const count = 10 + Math.floor(next() * 40);
  for (let i = 0; i < count; i++) text += PIECES[Math.floor(next() * PIECES.length)];
  return text;
}

/** Random Markdown as lines, mostly paragraphs, lists, quotes and headings, now and then a fence or HTML that runs on. */
const STARTS = ['', '', '', '', '', '- ', '- ', '* ', '1. ', '2. ', '  ', '   ', '    ', '> ', '> ', '# ', '## ', '| ', '- [ ] ', '  - ', '> - ', '- > ', '\t', '---', '===', '[x]: '];
const OPENERS = ['```', '~~~', '<div>', '<!-- ', '<pre>', '```js'];
const BODIES = ['para', 'text *em*', '`code`', '[x]', 'a | b |', '- | - |', 'https://example.com/x', '-->', '</div>', '</pre>', '```', '', '**bold', 'ok**', '[l](u)', '<span>x</span>', 'a longer line of text, with words'];

function lines(next: () => number): string {
  let text = '';
  const count = 5 + Math.floor(next() * 60);
  for (let i = 0; i < count; i++) {
    const starts = next() < 0.04 ? OPENERS : STARTS;
    text += starts[Math.floor(next() * starts.length)] + BODIES[Math.floor(next() * BODIES.length)];
    text += next() < 0.35 ? '\n\n' : next() < 0.05 ? '\n \n\n' : '\n';
  }
  return text;
}

describe('Markdown lexed again only from its last blocks as it streams', () => {
  const texts = { ...SAMPLES, ...STREAMING };
  for (const [name, text] of Object.entries(texts)) {
    it(`gives what lexing the whole text gives at every point: ${name}`, () => {
      for (const size of [1, 3, 10]) {
        const states = streamed(text, () => size);
        let end = 0;
        for (const state of states) {
          end = Math.min(text.length, end + size);
          expectSame(state, text.slice(0, end));
        }
      }
    });
  }

  for (const [kind, make] of [['pieces', pieces], ['lines', lines]] as const) {
    it(`gives what lexing the whole text gives for random Markdown (${kind}) streamed in random steps`, () => {
      for (let seed = 1; seed <= SEEDS; seed++) {
        const next = random(seed);
        const text = make(next);
        let end = 0;
        let state: MarkdownBlocks | undefined;
        while (end < text.length) {
          end = Math.min(text.length, end + 1 + Math.floor(next() * 12));
          state = markdownBlocks(text.slice(0, end), state);
          expectSame(state, text.slice(0, end));
        }
      }
    }, 120_000);
  }

  it('keeps the finished blocks as they were, lexing only the end again', () => {
    const text = '# Plan\n\nFirst paragraph.\n\n```sh\nnpm test\n```\n\n- one\n- two\n\nLast';
    const before = markdownBlocks(text);
    const after = markdownBlocks(`${text} words`, before);
    expect(after.blocks[0]).toBe(before.blocks[0]);
    expect(after.blocks[2]).toBe(before.blocks[2]);
    expect(after.blocks[4]).toBe(before.blocks[4]);
    expect(after.blocks.at(-1)?.raw).toBe('Last words');
    expect(after.kept).toBeGreaterThan(0);
  });

  it('lexes the whole text again when it is not the earlier text extended', () => {
    const before = markdownBlocks('# Plan\n\nOne.\n\nTwo.\n\nThree.');
    const after = markdownBlocks('# Other\n\nOne.\n\nTwo.\n\nThree.', before);
    expectSame(after, '# Other\n\nOne.\n\nTwo.\n\nThree.');
    expect(after.blocks[0]).not.toBe(before.blocks[0]);
  });
});
