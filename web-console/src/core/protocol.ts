/**
 * The relay protocol's frames as the browser sees them (protocol/PROTOCOL.md). Fields the page does
 * not know are kept as they came; unknown event kinds and frame types are passed over.
 */

export type Role = 'viewer' | 'operator' | 'admin';

export interface Tokens {
  in: number;
  out: number;
  cacheWrites: number;
  cacheReads: number;
  cost: number;
  contextTokens: number;
}

export interface TaskSummary {
  taskId: string;
  text?: string;
  state: string;
  startedAt: number;
  updatedAt: number;
  tokens?: Tokens;
  parentTaskId?: string;
}

export interface Capabilities {
  approve: boolean;
  readSettings?: boolean;
  deny?: boolean;
  profiles?: boolean;
  reason?: string;
}

export interface PendingAsk {
  taskId: string;
  ts: number;
  ask: string;
  category: string;
  text?: string;
}

export interface SessionInfo {
  sessionId: string;
  name: string;
  endpoint: string;
  connection: string;
  capabilities: Capabilities;
  task?: TaskSummary;
  pendingAsk?: PendingAsk;
}

export interface ClineMessage {
  ts: number;
  type: 'ask' | 'say' | string;
  ask?: string;
  say?: string;
  text?: string;
  reasoning?: string;
  partial?: boolean;
  images?: string[];
  /** The relay's, not Roo's: how the command whose output this is ended, once the bridge reported it. */
  exitStatus?: ExitStatus;
  [other: string]: unknown;
}

/** Either the exit code or the signal that killed the command. */
export interface ExitStatus {
  code?: number;
  signal?: string;
}

export interface Mode {
  slug: string;
  name: string;
}

export interface QueuedMessage {
  id: string;
  text: string;
  timestamp: number;
}

export interface Snapshot {
  info: SessionInfo;
  mode?: string;
  modes?: Mode[];
  messages?: ClineMessage[];
  queued?: QueuedMessage[];
  history?: TaskSummary[];
}

export interface TextDelta {
  append?: string;
  replace?: string;
}

/** An event of a session's log; `kind` picks the fields. */
export interface SessionEvent {
  kind: string;
  [field: string]: unknown;
}

export interface MessageEvent extends SessionEvent {
  kind: 'message';
  taskId: string;
  created?: boolean;
  message: ClineMessage;
  text?: TextDelta;
  reasoning?: TextDelta;
}

export interface AckResult {
  kind: string;
  [field: string]: unknown;
}

export type ServerFrame =
  | { type: 'welcome'; id?: string; user: string; role: Role; sessions: SessionInfo[]; relayVersion?: string }
  | { type: 'ack'; id: string; result?: AckResult }
  | { type: 'error'; id?: string; code: string; message: string; sessionId?: string }
  | { type: 'snapshot'; sessionId: string; seq: number; snapshot: Snapshot }
  | { type: 'event'; sessionId: string; seq: number; time: number; event: SessionEvent }
  | { type: 'session_added'; session: SessionInfo }
  | { type: 'session_removed'; sessionId: string }
  | { type: 'session_status'; session: SessionInfo };

/** An `error` frame answering a request: `code` is what clients branch on. */
export class RelayError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'RelayError';
  }
}

export function atLeast(role: Role | undefined, wanted: Role): boolean {
  const order: Role[] = ['viewer', 'operator', 'admin'];
  return role !== undefined && order.indexOf(role) >= order.indexOf(wanted);
}
