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

/** A text's top-level blocks (paragraphs, lists, code, tables…) and its reference-link definitions. */
export interface MarkdownBlocks {
  blocks: Token[];
  links: Links;
}

/** Splits a text into its top-level blocks; cheap next to rendering them. */
export function markdownBlocks(text: string): MarkdownBlocks {
  const tokens = marked.lexer(text);
  return { blocks: tokens, links: tokens.links };
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
