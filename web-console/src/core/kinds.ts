import type { ClineMessage, PendingAsk, SessionInfo } from './protocol';

/** What a transcript message is to a reader; the same classes as the desktop console's MessageKind. */
export type Kind =
  | 'prompt'
  | 'assistant'
  | 'reasoning'
  | 'tool'
  | 'command'
  | 'command_output'
  | 'api_request'
  | 'error'
  | 'warning'
  | 'completion'
  | 'followup'
  | 'user'
  | 'resume'
  | 'info'
  | 'hidden';

const ASKS: Record<string, Kind> = {
  tool: 'tool',
  use_mcp_server: 'tool',
  command: 'command',
  command_output: 'command_output',
  followup: 'followup',
  completion_result: 'completion',
  resume_task: 'resume',
  resume_completed_task: 'resume',
  api_req_failed: 'error',
  mistake_limit_reached: 'error',
  auto_approval_max_req_reached: 'error',
};

const SAYS: Record<string, Kind> = {
  text: 'assistant',
  reasoning: 'reasoning',
  api_req_started: 'api_request',
  api_req_finished: 'hidden',
  api_req_deleted: 'hidden',
  completion_result: 'completion',
  command_output: 'command_output',
  user_feedback: 'user',
  user_feedback_diff: 'user',
  tool: 'tool',
  mcp_server_request_started: 'tool',
  error: 'error',
  diff_error: 'error',
  rooignore_error: 'error',
  condense_context_error: 'error',
  shell_integration_warning: 'warning',
  too_many_tools_warning: 'warning',
};

/** The kind of `m`; `first` is true for the first message of its task, whose text is the prompt. */
export function messageKind(m: ClineMessage, first: boolean): Kind {
  const table = m.type === 'ask' ? ASKS : SAYS;
  const key = m.type === 'ask' ? m.ask : m.say;
  let kind: Kind = key && Object.prototype.hasOwnProperty.call(table, key) ? table[key] : 'info';
  if (kind === 'assistant' && first) kind = 'prompt';
  if (kind === 'completion' && m.type === 'ask' && !(m.text ?? '').trim()) kind = 'hidden';
  return kind;
}

const LABELS: Record<Kind, string> = {
  prompt: 'Task',
  assistant: 'Roo',
  reasoning: 'Reasoning',
  tool: 'Tool',
  command: 'Command',
  command_output: 'Output',
  api_request: 'API request',
  error: 'Error',
  warning: 'Error',
  completion: 'Result',
  followup: 'Question',
  user: 'You',
  resume: 'Interrupted',
  info: 'Info',
  hidden: '',
};

export function kindLabel(kind: Kind): string {
  return LABELS[kind];
}

function parseObject(text: string | undefined): Record<string, unknown> | undefined {
  if (!text || !text.trim().startsWith('{')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function str(o: Record<string, unknown>, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' ? v : undefined;
}

export interface Suggestion {
  answer: string;
  mode?: string;
}

export interface Followup {
  question: string;
  suggestions: Suggestion[];
}

/** A followup's text: JSON with question and suggestions, or (while streaming) the plain question. */
export function parseFollowup(text: string | undefined): Followup | undefined {
  if (text === undefined || !text.trim()) return undefined;
  const json = parseObject(text);
  if (!json) return { question: text, suggestions: [] };
  const suggestions: Suggestion[] = [];
  const suggest = json.suggest;
  if (Array.isArray(suggest)) {
    for (const s of suggest) {
      if (typeof s === 'string') suggestions.push({ answer: s });
      else if (s && typeof s === 'object' && typeof (s as Suggestion).answer === 'string') {
        const mode = (s as Suggestion).mode;
        suggestions.push({ answer: (s as Suggestion).answer, mode: typeof mode === 'string' ? mode : undefined });
      }
    }
  }
  return { question: str(json, 'question') ?? '', suggestions };
}

export interface ToolAsk {
  tool?: string;
  path?: string;
  reason?: string;
  outsideWorkspace: boolean;
  diff?: string;
  content?: string;
}

/** A tool ask's JSON text, or undefined when it is not (yet) a JSON object. */
export function parseTool(text: string | undefined): ToolAsk | undefined {
  const json = parseObject(text);
  if (!json) return undefined;
  const content = str(json, 'content');
  let diff = str(json, 'diff');
  if (diff === undefined && content !== undefined && (content.startsWith('@@') || content.includes('\n+++ '))) {
    diff = content;
  }
  return {
    tool: str(json, 'tool'),
    path: str(json, 'path'),
    reason: str(json, 'reason'),
    outsideWorkspace: json.isOutsideWorkspace === true,
    diff,
    content: diff === undefined ? content : undefined,
  };
}

const TOOL_WORDS: Record<string, string> = {
  newFileCreated: 'create',
  editedExistingFile: 'edit',
  appliedDiff: 'edit',
  insertContent: 'insert into',
  searchAndReplace: 'edit',
  readFile: 'read',
  listFilesTopLevel: 'list the files in',
  listFilesRecursive: 'list all files under',
  searchFiles: 'search the files in',
  listCodeDefinitionNames: 'list the definitions in',
  codebaseSearch: 'search the codebase in',
  fetchInstructions: 'fetch instructions for',
};

/** "edit README.md", "create out.txt": a tool ask in words. */
export function toolAction(tool: ToolAsk): string {
  const on = tool.path?.trim() ? tool.path : undefined;
  const what = tool.tool ?? '';
  if (what === 'switchMode') return 'switch modes';
  if (what === 'newTask') return 'start a subtask';
  if (what === 'finishTask') return 'finish the subtask';
  const verb = TOOL_WORDS[what];
  if (verb) return on ? `${verb} ${on}` : `${verb} a file`;
  return (what ? `use the tool ${what}` : 'use a tool') + (on ? ` on ${on}` : '');
}

/** A pending ask in words, never a tool's protocol name alone. */
export function askWords(ask: PendingAsk): string {
  if (ask.ask === 'followup') return parseFollowup(ask.text)?.question || 'Roo asks a question.';
  if (ask.ask === 'command') return `Roo wants to run: ${ask.text?.trim() ? ask.text : 'a command'}`;
  if (ask.ask === 'tool') {
    const tool = parseTool(ask.text);
    return `Roo wants to ${tool ? toolAction(tool) : 'use a tool'}.`;
  }
  if (ask.ask === 'use_mcp_server') {
    const json = parseObject(ask.text);
    return json
      ? `Roo wants to use ${str(json, 'toolName') ?? 'a tool'} of the MCP server ${str(json, 'serverName') ?? 'it names'}.`
      : 'Roo wants to use an MCP server.';
  }
  if (ask.category === 'resumable') return 'The task was interrupted. Resume it to continue.';
  if (ask.category === 'idle') return 'Roo finished or stopped; a message continues the task.';
  return 'Roo is waiting for you.';
}

export function isApproval(ask: PendingAsk | undefined): boolean {
  return ask !== undefined && (ask.ask === 'tool' || ask.ask === 'command' || ask.ask === 'use_mcp_server');
}

export interface ApiRequest {
  tokensIn?: number;
  tokensOut?: number;
  cacheReads?: number;
  cost?: number;
  cancelReason?: string;
}

export function parseApiRequest(text: string | undefined): ApiRequest | undefined {
  const json = parseObject(text);
  if (!json) return undefined;
  const num = (k: string) => (typeof json[k] === 'number' ? (json[k] as number) : undefined);
  return {
    tokensIn: num('tokensIn'),
    tokensOut: num('tokensOut'),
    cacheReads: num('cacheReads'),
    cost: num('cost'),
    cancelReason: str(json, 'cancelReason'),
  };
}

const count = new Intl.NumberFormat('en-US');

/** "1,234 in · 56 out · $0.0123" */
export function describeApiRequest(r: ApiRequest): string {
  if (r.tokensIn === undefined && r.tokensOut === undefined && r.cost === undefined) {
    return r.cancelReason ? `cancelled (${r.cancelReason})` : 'in progress…';
  }
  let s = `${count.format(r.tokensIn ?? 0)} in · ${count.format(r.tokensOut ?? 0)} out`;
  if (r.cacheReads) s += ` · ${count.format(r.cacheReads)} cached`;
  if (r.cost !== undefined) s += ` · $${r.cost.toFixed(4)}`;
  return s;
}

export function formatTokens(t: { in: number; out: number; cost: number; contextTokens: number } | undefined): string {
  if (!t) return '';
  return `${count.format(t.in)} in · ${count.format(t.out)} out · $${t.cost.toFixed(4)} · context ${count.format(t.contextTokens)}`;
}

export type Badge = 'running' | 'needs you' | 'idle' | 'disconnected';

/** The badge a session shows, as the desktop console's SessionBadge. */
export function badge(info: SessionInfo, linkUp: boolean): Badge {
  if (!linkUp || info.connection !== 'connected') return 'disconnected';
  if (info.pendingAsk?.category === 'interactive') return 'needs you';
  const state = info.task?.state;
  if (state === 'needs-input') return 'needs you';
  if (state === 'running') return 'running';
  return 'idle';
}

/** A task's state in words for people ("waiting for you"), never its wire name ("needs-input"). */
export function stateWords(state: string | undefined): string {
  switch (state) {
    case 'running':
      return 'running';
    case 'needs-input':
      return 'waiting for you';
    case 'idle':
      return 'stopped, waiting for a message';
    case 'resumable':
      return 'interrupted, can be resumed';
    case 'aborted':
      return 'stopped';
    case 'completed':
      return 'finished';
    default:
      return 'in a state this version does not know';
  }
}

/** What a session is doing, in a line for the session list. */
export function doing(info: SessionInfo): string {
  if (info.connection !== 'connected') return `Roo is ${info.connection}.`;
  if (info.pendingAsk && info.pendingAsk.category !== 'non-blocking') return askWords(info.pendingAsk);
  const task = info.task;
  if (!task) return 'No task yet.';
  const text = (task.text ?? '').trim() || task.taskId;
  const short = text.length > 80 ? `${text.slice(0, 80)}…` : text;
  return `${task.state === 'running' ? 'Working on' : task.state === 'completed' ? 'Finished' : 'Task'}: ${short}`;
}

/** Sessions that need a person first, then the rest in their order. */
export function needsYouFirst(sessions: SessionInfo[], linkUp: boolean): SessionInfo[] {
  const rank = (s: SessionInfo) => (badge(s, linkUp) === 'needs you' ? 0 : 1);
  return sessions.map((s, i) => ({ s, i })).sort((a, b) => rank(a.s) - rank(b.s) || a.i - b.i).map((x) => x.s);
}
