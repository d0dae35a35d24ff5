/** Markdown of every kind Roo writes, for the rendering and lexing tests. */
export const SAMPLES: Record<string, string> = {
  headings: '# Plan\n\nSome *text*.\n\n## Steps\n\nSetext\n------\n\nMore text\nover two lines.',
  lists: '- one\n- **two**\n  - nested `code`\n\n1. first\n2. second\n\n   loose paragraph\n3. third\n\n- [ ] task\n- [x] done',
  fencedCode: 'Before:\n\n```ts\nconst a = 1;\n\n\n# not a heading\n- not a list\n\n| not | a table |\n```\n\nAfter the code.',
  openFence: 'Streaming:\n\n```js\nlet x = 1;\n\nlet y = 2;',
  table: '| Name | Size |\n| :--- | ---: |\n| a.txt | 12 |\n| `b` | **3** |\n\nBelow.',
  referenceLinks: 'See [the docs][docs] and [Roo] and ![pic][docs].\n\n> Quoted [again][docs].\n\n[docs]: https://example.com/docs "Docs"\n[roo]: https://example.com/roo',
  rawHtml:
    'Hi <script>alert(1)</script><img src=x onerror="alert(2)"><b style="color:red" onclick="x()">bold</b> [l](javascript:alert(3))\n\n<div onclick="x()"><script>alert(4)</script>block html</div>\n\n<iframe src="https://example.com"></iframe>\n\n<a href="https://example.com" target="_self">link</a>',
  mixed: 'Intro\n\n---\n\n> quote\n> more\n\n    indented code\n\nText with a line  \nbreak and an autolink https://example.com.',
};
