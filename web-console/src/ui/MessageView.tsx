import type { Links, Token } from 'marked';
import { memo } from 'preact/compat';
import { useRef } from 'preact/hooks';
import {
  type Kind,
  describeApiRequest,
  kindLabel,
  parseApiRequest,
  parseFollowup,
  parseTool,
  toolAction,
} from '../core/kinds';
import { type MarkdownBlocks, blockToHtml, markdownBlocks } from '../core/markdown';
import type { ClineMessage } from '../core/protocol';

const MAX_LINES = 60;
const time = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

function limit(text: string): { shown: string; more: number } {
  const lines = text.split('\n');
  if (lines.length <= MAX_LINES) return { shown: text, more: 0 };
  return { shown: lines.slice(0, MAX_LINES).join('\n'), more: lines.length - MAX_LINES };
}

function Code({ text }: { text: string }) {
  const { shown, more } = limit(text);
  return (
    <pre class="code">
      {shown}
      {more > 0 ? `\n… ${more} more lines` : ''}
    </pre>
  );
}

function Diff({ diff }: { diff: string }) {
  const lines = diff.split('\n');
  const shown = lines.slice(0, MAX_LINES);
  return (
    <pre class="code diff">
      {shown.map((line, i) => {
        let cls = 'diff-line';
        if (line.startsWith('+') && !line.startsWith('+++')) cls += ' diff-add';
        else if (line.startsWith('-') && !line.startsWith('---')) cls += ' diff-del';
        else if (line.startsWith('@@')) cls += ' diff-hunk';
        return (
          <span key={i} class={cls}>
            {line || ' '}
            {'\n'}
          </span>
        );
      })}
      {lines.length > MAX_LINES ? `… ${lines.length - MAX_LINES} more lines` : ''}
    </pre>
  );
}

interface BlockProps {
  block: Token;
  links: Links;
  linksKey: string;
}

/**
 * One top-level Markdown block, drawn again only when its own text (or a reference-link definition)
 * changed: while a reply streams, the finished blocks are neither parsed nor touched again.
 */
const MarkdownBlock = memo(
  function MarkdownBlock({ block, links }: BlockProps) {
    if (block.type === 'space') return null;
    // Sanitised by DOMPurify in blockToHtml.
    return <div class="md-block" dangerouslySetInnerHTML={{ __html: blockToHtml(block, links) }} />;
  },
  (before, after) => before.block.raw === after.block.raw && before.block.type === after.block.type && before.linksKey === after.linksKey,
);

export function Markdown({ text }: { text: string }) {
  // The last lexing of this message's text: as a reply streams, only its end is lexed again.
  const lexed = useRef<MarkdownBlocks | undefined>(undefined);
  lexed.current = markdownBlocks(text, lexed.current);
  const { blocks, links } = lexed.current;
  const linksKey = Object.keys(links).length === 0 ? '' : JSON.stringify(links);
  return (
    <div class="md">
      {blocks.map((block, i) => (
        <MarkdownBlock key={i} block={block} links={links} linksKey={linksKey} />
      ))}
    </div>
  );
}

function Reasoning({ text, streaming }: { text: string; streaming: boolean }) {
  return (
    <details class="reasoning">
      <summary>{streaming ? 'Reasoning (thinking…)' : 'Reasoning'}</summary>
      <p class="muted pre-wrap">{text}</p>
    </details>
  );
}

/** "edit README.md" as the start of a sentence: "Edit README.md". */
function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function ToolBody({ text }: { text: string }) {
  const tool = parseTool(text);
  if (!tool) return <Code text={text} />;
  return (
    <>
      <p class="tool-title">
        {sentence(toolAction(tool))}
        {tool.outsideWorkspace ? <span class="warn"> (outside the workspace)</span> : null}
      </p>
      {tool.reason ? <p class="muted">{tool.reason}</p> : null}
      {tool.diff ? <Diff diff={tool.diff} /> : tool.content ? <Code text={tool.content} /> : null}
    </>
  );
}

function FollowupBody({ text }: { text: string }) {
  const f = parseFollowup(text);
  if (!f) return null;
  return (
    <>
      <p>{f.question}</p>
      {f.suggestions.length > 0 ? (
        <ul class="suggestions-list">
          {f.suggestions.map((s) => (
            <li key={s.answer}>
              {s.answer}
              {s.mode ? <span class="muted"> (switches to {s.mode})</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
    </>
  );
}

function Body({ kind, m }: { kind: Kind; m: ClineMessage }) {
  const text = m.text ?? '';
  switch (kind) {
    case 'assistant':
    case 'completion':
    case 'prompt':
      return <Markdown text={text} />;
    case 'reasoning':
      return <Reasoning text={text} streaming={m.partial === true} />;
    case 'tool':
      return <ToolBody text={text} />;
    case 'command':
      return <Code text={`$ ${text}`} />;
    case 'command_output':
      return text ? <Code text={text} /> : null;
    case 'followup':
      return <FollowupBody text={text} />;
    case 'resume':
      return (
        <p class="muted">
          {m.ask === 'resume_completed_task'
            ? 'This task finished earlier. Send a message to continue it.'
            : 'The task was interrupted. Resume it to continue.'}
        </p>
      );
    case 'info': {
      const name = m.type === 'ask' ? `ask ${m.ask ?? ''}` : `say ${m.say ?? ''}`;
      const short = text.length > 300 ? `${text.slice(0, 300)}…` : text;
      return <p class="muted">{name + (short ? `: ${short}` : '')}</p>;
    }
    default:
      return <p class="pre-wrap">{text}</p>;
  }
}

/** "exit 0", "exit 2", "killed by SIGTERM"; null when there is no usable status. */
export function describeExit(status: unknown): { text: string; ok: boolean } | null {
  if (typeof status !== 'object' || status === null) return null;
  const { code, signal } = status as { code?: unknown; signal?: unknown };
  if (typeof code === 'number' && Number.isInteger(code)) return { text: `exit ${code}`, ok: code === 0 };
  if (typeof signal === 'string' && signal !== '') return { text: `killed by ${signal}`, ok: false };
  return null;
}

/** How a command ended, beside its output; a failure is marked. Absent without the bridge. */
function ExitBadge({ status }: { status: unknown }) {
  const exit = describeExit(status);
  if (!exit) return null;
  return (
    <span
      class={`exit ${exit.ok ? 'exit-ok' : 'exit-failed'}`}
      title={exit.ok ? 'The command succeeded' : 'The command failed'}
    >
      {exit.ok ? exit.text : `✗ ${exit.text}`}
    </span>
  );
}

/** One transcript message, drawn by its kind like the desktop console; drawn again only when it changed. */
export const MessageView = memo(function MessageView({ m, kind }: { m: ClineMessage; kind: Kind }) {
  if (kind === 'hidden') return null;
  if (kind === 'api_request') {
    const r = parseApiRequest(m.text);
    return (
      <li class="msg msg-api_request" data-kind={kind}>
        <p class="muted">API request · {r ? describeApiRequest(r) : ''}</p>
      </li>
    );
  }
  const look = kind === 'warning' ? 'error' : kind;
  const streaming = m.partial === true;
  return (
    <li class={`msg msg-${look}`} data-kind={kind} data-ts={m.ts}>
      <div class="msg-head">
        <span class="tag">{kindLabel(kind)}</span>
        <time class="muted">{time.format(m.ts)}</time>
        {streaming ? <span class="streaming">streaming…</span> : null}
        {kind === 'command_output' || kind === 'command' ? <ExitBadge status={m.exitStatus} /> : null}
      </div>
      {m.reasoning?.trim() && kind !== 'reasoning' ? <Reasoning text={m.reasoning} streaming={streaming} /> : null}
      <Body kind={kind} m={m} />
      {m.images && m.images.length > 0 ? <p class="muted">{m.images.length} image(s) attached</p> : null}
    </li>
  );
});
