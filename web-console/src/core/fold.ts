import type {
  Capabilities,
  ClineMessage,
  MessageEvent,
  Mode,
  PendingAsk,
  QueuedMessage,
  SessionEvent,
  SessionInfo,
  Snapshot,
  TaskSummary,
  TextDelta,
  Tokens,
} from './protocol';

/** What {@link SessionFold.apply} did with an event. */
export type Applied = 'applied' | 'duplicate' | 'gap';

const ZERO: Tokens = { in: 0, out: 0, cacheWrites: 0, cacheReads: 0, cost: 0, contextTokens: 0 };

interface Task {
  summary: TaskSummary;
  messages: Map<number, ClineMessage>;
}

/** Applies a text delta to the page's copy: append adds, replace replaces, none leaves it. */
export function applyDelta(previous: string | undefined, delta: TextDelta | undefined): string | undefined {
  if (!delta) return previous;
  if (typeof delta.replace === 'string') return delta.replace;
  if (typeof delta.append === 'string') return (previous ?? '') + delta.append;
  return previous;
}

/**
 * A watched session as the fold of its snapshot and events, the page's counterpart of the protocol
 * module's SessionState: the same deltas rebuild the same messages. It also keeps the sequence rules:
 * an event at or below the last applied number is a duplicate and ignored; one that does not follow
 * the last (other than the `events_skipped` that names exactly the missing numbers) is a gap, not
 * applied, and the caller subscribes again from {@link seq}.
 *
 * Every change replaces the objects it touches (messages, info), so a view can skip what is the same.
 */
export class SessionFold {
  seq: number;
  info: SessionInfo;
  mode?: string;
  modes: Mode[];
  queued: QueuedMessage[];
  private readonly tasks = new Map<string, Task>();
  private currentTaskId?: string;
  /** Grows with every applied change; views compare it to know what to draw again. */
  version = 0;

  constructor(seq: number, snapshot: Snapshot) {
    this.seq = seq;
    this.info = snapshot.info;
    this.mode = snapshot.mode;
    this.modes = snapshot.modes ?? [];
    this.queued = snapshot.queued ?? [];
    const oldestFirst = [...(snapshot.history ?? [])].reverse();
    for (const summary of oldestFirst) {
      this.tasks.set(summary.taskId, { summary, messages: new Map() });
    }
    const current = snapshot.info.task;
    if (current) {
      const task = this.tasks.get(current.taskId) ?? { summary: current, messages: new Map() };
      task.summary = current;
      this.tasks.set(current.taskId, task);
      for (const m of snapshot.messages ?? []) task.messages.set(m.ts, m);
      this.currentTaskId = current.taskId;
    }
  }

  /** Applies the event numbered `seq`, or says why not. */
  apply(seq: number, time: number, event: SessionEvent): Applied {
    if (seq <= this.seq) return 'duplicate';
    if (seq !== this.seq + 1 && !this.namesSkipped(seq, event)) return 'gap';
    this.seq = seq;
    this.version++;
    switch (event.kind) {
      case 'connection':
        this.setInfo({ connection: String(event.status) });
        break;
      case 'task_started':
        this.taskStarted(String(event.taskId), event.text as string | undefined, time);
        break;
      case 'task_state':
        this.updateTask(String(event.taskId), time, (s) => ({ ...s, state: String(event.state), updatedAt: time }));
        break;
      case 'message':
        this.message(event as MessageEvent, time);
        break;
      case 'ask_pending':
        this.setInfo({ pendingAsk: event.ask as PendingAsk });
        break;
      case 'ask_resolved': {
        const ask = this.info.pendingAsk;
        if (ask && ask.taskId === event.taskId && ask.ts === event.ts) this.setInfo({ pendingAsk: undefined });
        break;
      }
      case 'token_usage':
        this.updateTask(String(event.taskId), time, (s) => ({ ...s, tokens: event.tokens as Tokens, updatedAt: time }));
        break;
      case 'mode':
        this.mode = String(event.mode);
        break;
      case 'modes':
        this.modes = (event.modes as Mode[]) ?? [];
        break;
      case 'capabilities':
        this.setInfo({ capabilities: event.capabilities as Capabilities });
        break;
      case 'queued_messages':
        if (event.taskId === this.currentTaskId) this.queued = (event.messages as QueuedMessage[]) ?? [];
        break;
      default:
      // tool_failed, settings_changed, user_action, roo_event, events_skipped and unknown kinds change no state.
    }
    return 'applied';
  }

  get currentTask(): TaskSummary | undefined {
    return this.currentTaskId ? this.tasks.get(this.currentTaskId)?.summary : undefined;
  }

  /** The current task's messages in order. */
  messages(): ClineMessage[] {
    const task = this.currentTaskId ? this.tasks.get(this.currentTaskId) : undefined;
    return task ? [...task.messages.values()] : [];
  }

  /** Every task, newest first. */
  history(): TaskSummary[] {
    return [...this.tasks.values()].map((t) => t.summary).reverse();
  }

  private namesSkipped(seq: number, event: SessionEvent): boolean {
    return event.kind === 'events_skipped' && event.first === this.seq + 1 && event.last === seq - 1;
  }

  private setInfo(change: Partial<SessionInfo>): void {
    this.info = { ...this.info, ...change };
    if ('pendingAsk' in change && change.pendingAsk === undefined) delete this.info.pendingAsk;
  }

  private taskStarted(taskId: string, text: string | undefined, time: number): void {
    const existing = this.tasks.get(taskId);
    this.tasks.delete(taskId);
    const task: Task = existing ?? {
      summary: { taskId, text, state: 'running', startedAt: time, updatedAt: time, tokens: ZERO },
      messages: new Map(),
    };
    task.summary = { ...task.summary, text: task.summary.text ?? text, state: 'running', updatedAt: time };
    this.tasks.set(taskId, task);
    if (taskId !== this.currentTaskId) this.queued = [];
    this.currentTaskId = taskId;
    if (this.info.pendingAsk?.taskId === taskId) this.setInfo({ pendingAsk: undefined });
    this.setInfo({ task: task.summary });
  }

  private message(e: MessageEvent, time: number): void {
    const task = this.task(e.taskId, time);
    const previous = task.messages.get(e.message.ts);
    const next: ClineMessage = { ...e.message };
    const text = applyDelta(previous?.text, e.text);
    const reasoning = applyDelta(previous?.reasoning, e.reasoning);
    delete next.text;
    delete next.reasoning;
    if (text !== undefined) next.text = text;
    if (reasoning !== undefined) next.reasoning = reasoning;
    task.messages.set(next.ts, next);
    if (task.summary.text === undefined && task.messages.size === 1 && text !== undefined) {
      this.updateTask(e.taskId, time, (s) => ({ ...s, text }));
    }
  }

  private updateTask(taskId: string, time: number, change: (s: TaskSummary) => TaskSummary): void {
    const task = this.task(taskId, time);
    task.summary = change(task.summary);
    if (taskId === this.currentTaskId) this.setInfo({ task: task.summary });
  }

  private task(taskId: string, time: number): Task {
    let task = this.tasks.get(taskId);
    if (!task) {
      task = {
        summary: { taskId, state: 'running', startedAt: time, updatedAt: time, tokens: ZERO },
        messages: new Map(),
      };
      this.tasks.set(taskId, task);
      if (this.currentTaskId === undefined) this.currentTaskId = taskId;
    }
    return task;
  }
}
