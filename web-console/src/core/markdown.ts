import DOMPurify from 'dompurify';
import { type Links, Marked, type Token, type TokensList } from 'marked';

const marked = new Marked({ gfm: true, breaks: false, async: false });

let hooked = false;

function sanitize(html: string): string {
  if (!hooked) {
    DOMPurify.addHook('afterSanitizeAttributes', (node) => {
      if (node.tagName === 'A') {
        node.setAttribute('target', '_blank');
        node.setAttribute('rel', 'noopener noreferrer');
      }
    });
    hooked = true;
  }
  return DOMPurify.sanitize(html, {
    FORBID_TAGS: ['style', 'form', 'input', 'button', 'textarea', 'select', 'iframe', 'img'],
    FORBID_ATTR: ['style', 'class', 'id'],
  });
}

/**
 * Roo's Markdown as sanitised HTML: marked renders it, DOMPurify keeps only harmless elements and
 * attributes (no scripts, no event handlers, no inline styles, which the page's CSP forbids anyway).
 * Links open in a new tab without handing this page to them.
 */
export function markdownToHtml(text: string): string {
  return sanitize(marked.parse(text) as string);
}

/**
 * A text's top-level blocks (paragraphs, lists, code, tables…) and its reference-link definitions,
 * with what {@link markdownBlocks} needs to lex a longer version of the same text from where its
 * blocks may still change.
 */
export interface MarkdownBlocks {
  blocks: Token[];
  links: Links;
  /** The text as lexed (line ends as `\n`). */
  readonly source: string;
  /** How many leading blocks no text added at the end can change, and where they end in {@link source}. */
  readonly kept: number;
  readonly keptEnd: number;
  /** The link definitions within the kept blocks, first of each label. */
  readonly keptLinks: Links;
}

/**
 * Splits a text into its top-level blocks. Given the blocks of an earlier version that the text
 * extends (a reply streaming), it lexes again only from the last two blocks that are not blank
 * lines: text added at the end can change the block it extends (a paragraph becoming a heading, a
 * list taking a new item, a fence opening) and, through its first line, the one before (`para\n#`
 * is a paragraph and a heading until `#x` makes it one paragraph), but not those before them. The
 * result is what lexing the whole text gives; where it could differ (a link definition came, went
 * or changed, since earlier blocks may name it) the whole text is lexed again.
 */
export function markdownBlocks(text: string, previous?: MarkdownBlocks): MarkdownBlocks {
  const source = text.includes('\r') ? text.replace(/\r\n|\r/g, '\n') : text;
  if (previous && previous.source === source) return previous;
  if (!previous || previous.kept === 0 || !source.startsWith(previous.source)) return lexAll(source);
  const lexer = new marked.Lexer(marked.defaults);
  Object.assign(lexer.tokens.links, previous.keptLinks);
  const tail = lexer.lex(source.slice(previous.keptEnd));
  if (!sameLinks(tail.links, previous.links)) return lexAll(source);
  const blocks = previous.blocks.slice(0, previous.kept);
  for (const block of tail) blocks.push(block);
  return withKept(source, blocks, tail.links, previous);
}

function lexAll(source: string): MarkdownBlocks {
  const tokens = marked.lexer(source);
  return withKept(source, [...tokens], tokens.links, undefined);
}

/**
 * Marks which blocks stay as the text grows: those before a blank line that has at least two blocks
 * after it that are not blank lines. A blank line ends what came before it (a paragraph, a table, a
 * list unless the next line continues it), and the two blocks after it are lexed again each time.
 */
function withKept(source: string, blocks: Token[], links: Links, previous: MarkdownBlocks | undefined): MarkdownBlocks {
  const starts: number[] = [];
  let total = 0;
  for (const block of blocks) {
    starts.push(total);
    total += block.raw.length;
  }
  let kept = 0;
  // Offsets come from the blocks' own text; where it is not the source's (never seen), lex afresh next time.
  if (total === source.length) {
    let seen = 0;
    for (let i = blocks.length - 1; i > 0; i--) {
      if (blocks[i].type !== 'space') seen++;
      if (seen >= 2 && blocks[i].type !== 'space' && afterBlankLine(source, starts[i])) {
        kept = i;
        break;
      }
    }
  }
  const keptEnd = kept === 0 ? 0 : starts[kept];
  let keptLinks: Links;
  if (previous && kept >= previous.kept) {
    keptLinks = definitions(blocks, previous.kept, kept, Object.assign(noLinks(), previous.keptLinks));
  } else {
    keptLinks = definitions(blocks, 0, kept, noLinks());
  }
  return { blocks, links, source, kept, keptEnd, keptLinks };
}

/** Whether the text before `at` ends with a blank line (a line of spaces and tabs at most). */
function afterBlankLine(source: string, at: number): boolean {
  let i = at - 1;
  if (source.charAt(i) !== '\n') return false;
  i--;
  while (i >= 0 && (source.charAt(i) === ' ' || source.charAt(i) === '\t')) i--;
  return i >= 0 && source.charAt(i) === '\n';
}

/** An empty set of link definitions, without a prototype (as marked keeps them: any label may be named). */
function noLinks(): Links {
  return Object.create(null) as Links;
}

/** Adds the link definitions in `blocks[from, to)` (and within them) to `links`, the first of each label. */
function definitions(blocks: Token[], from: number, to: number, links: Links): Links {
  const visit = (token: Token) => {
    if (token.type === 'def') {
      if (!(token.tag in links)) links[token.tag] = { href: token.href, title: token.title };
      return;
    }
    if (token.type === 'blockquote' || token.type === 'list_item') {
      for (const child of token.tokens ?? []) visit(child);
    } else if (token.type === 'list') {
      for (const item of token.items) visit(item);
    }
  };
  for (let i = from; i < to; i++) visit(blocks[i]);
  return links;
}

function sameLinks(a: Links, b: Links): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  for (const key of keys) {
    const other = b[key];
    if (!other || other.href !== a[key].href || other.title !== a[key].title) return false;
  }
  return true;
}

/**
 * One top-level block as sanitised HTML, sanitised like {@link markdownToHtml}; the blocks' HTML
 * joined is the whole text's. Reference-style links resolve against the whole text's definitions.
 */
export function blockToHtml(block: Token, links: Links): string {
  const list = [block] as TokensList;
  list.links = links;
  return sanitize(marked.parser(list) as string);
}
