import { describe, expect, it } from 'vitest';
import { SessionFold, applyDelta } from '../src/core/fold';
import { FOLLOWUP_TEXT, snapshot } from './fixtures';

function fold() {
  return new SessionFold(10, snapshot());
}

describe('text deltas', () => {
  it('append adds, replace replaces, none leaves the text', () => {
    expect(applyDelta(undefined, { append: 'Hi' })).toBe('Hi');
    expect(applyDelta('Hi', { append: ' there' })).toBe('Hi there');
    expect(applyDelta('Hi', { replace: 'Bye' })).toBe('Bye');
    expect(applyDelta('Hi', undefined)).toBe('Hi');
  });
});

describe('SessionFold', () => {
  it('starts from the snapshot: messages, mode, history and the last seq', () => {
    const f = fold();
    expect(f.seq).toBe(10);
    expect(f.messages().map((m) => m.text)).toEqual(['Add a README']);
    expect(f.mode).toBe('code');
    expect(f.history().map((t) => t.taskId)).toEqual(['t-1']);
  });

  it('builds a streamed reply from its deltas, not from whole texts', () => {
    const f = fold();
    const msg = { ts: 200, type: 'say', say: 'text', partial: true };
    expect(f.apply(11, 1, { kind: 'message', taskId: 't-1', created: true, message: msg, text: { replace: 'I ' } })).toBe(
      'applied',
    );
    f.apply(12, 2, { kind: 'message', taskId: 't-1', message: msg, text: { append: 'need one' } });
    f.apply(13, 3, { kind: 'message', taskId: 't-1', message: { ...msg, partial: false }, text: { append: ' detail.' } });
    const last = f.messages()[1];
    expect(last.text).toBe('I need one detail.');
    expect(last.partial).toBe(false);
    expect(f.seq).toBe(13);
  });

  it('keeps reasoning apart from text and leaves a text without a delta unchanged', () => {
    const f = fold();
    const msg = { ts: 300, type: 'say', say: 'text' };
    f.apply(11, 1, { kind: 'message', taskId: 't-1', created: true, message: msg, text: { replace: 'Answer' }, reasoning: { replace: 'Think' } });
    f.apply(12, 2, { kind: 'message', taskId: 't-1', message: msg, reasoning: { append: 'ing' } });
    expect(f.messages()[1]).toMatchObject({ text: 'Answer', reasoning: 'Thinking' });
  });

  it("takes a command's exit status from an update with no text delta, keeping the output", () => {
    const f = fold();
    const out = { ts: 400, type: 'say', say: 'command_output', partial: false };
    f.apply(11, 1, { kind: 'message', taskId: 't-1', created: true, message: out, text: { replace: '1 failing' } });
    f.apply(12, 2, { kind: 'message', taskId: 't-1', message: { ...out, exitStatus: { code: 1 } } });
    expect(f.messages()[1]).toMatchObject({ text: '1 failing', exitStatus: { code: 1 } });
  });

  it('replaces only the message that changed, so a view redraws only that one', () => {
    const f = fold();
    const before = f.messages();
    f.apply(11, 1, { kind: 'message', taskId: 't-1', created: true, message: { ts: 200, type: 'say', say: 'text' }, text: { replace: 'x' } });
    const after = f.messages();
    expect(after[0]).toBe(before[0]);
  });

  it('ignores an event at or below the last applied number (nothing twice)', () => {
    const f = fold();
    const msg = { ts: 200, type: 'say', say: 'text' };
    f.apply(11, 1, { kind: 'message', taskId: 't-1', created: true, message: msg, text: { replace: 'Hello' } });
    expect(f.apply(11, 1, { kind: 'message', taskId: 't-1', message: msg, text: { append: ' again' } })).toBe('duplicate');
    expect(f.apply(5, 1, { kind: 'message', taskId: 't-1', message: msg, text: { append: ' old' } })).toBe('duplicate');
    expect(f.messages()[1].text).toBe('Hello');
  });

  it('refuses an event after a gap and keeps its number, to subscribe again from it', () => {
    const f = fold();
    expect(f.apply(13, 1, { kind: 'mode', taskId: 't-1', mode: 'ask' })).toBe('gap');
    expect(f.seq).toBe(10);
    expect(f.mode).toBe('code');
  });

  it('accepts the events_skipped that names exactly the missing numbers', () => {
    const f = fold();
    expect(f.apply(20, 1, { kind: 'events_skipped', first: 11, last: 19 })).toBe('applied');
    expect(f.seq).toBe(20);
    expect(f.apply(30, 1, { kind: 'events_skipped', first: 22, last: 29 })).toBe('gap');
  });

  it('follows asks: pending, then resolved', () => {
    const f = fold();
    const ask = { taskId: 't-1', ts: 400, ask: 'followup', category: 'interactive', text: FOLLOWUP_TEXT };
    f.apply(11, 1, { kind: 'ask_pending', ask });
    expect(f.info.pendingAsk).toEqual(ask);
    f.apply(12, 2, { kind: 'ask_resolved', taskId: 't-1', ts: 999, resolution: 'answered' });
    expect(f.info.pendingAsk).toEqual(ask);
    f.apply(13, 3, { kind: 'ask_resolved', taskId: 't-1', ts: 400, resolution: 'answered' });
    expect(f.info.pendingAsk).toBeUndefined();
  });

  it('a new task becomes the current one with an empty transcript; the old one stays in the history', () => {
    const f = fold();
    f.apply(11, 50, { kind: 'task_started', taskId: 't-2', text: 'Write tests' });
    expect(f.info.task).toMatchObject({ taskId: 't-2', state: 'running', text: 'Write tests' });
    expect(f.messages()).toEqual([]);
    expect(f.history().map((t) => t.taskId)).toEqual(['t-2', 't-1']);
  });

  it('keeps token usage, task state, connection, capabilities and modes', () => {
    const f = fold();
    const tokens = { in: 9721, out: 46, cacheWrites: 0, cacheReads: 0, cost: 0.0123, contextTokens: 9767 };
    f.apply(11, 1, { kind: 'token_usage', taskId: 't-1', tokens });
    f.apply(12, 2, { kind: 'task_state', taskId: 't-1', state: 'completed' });
    f.apply(13, 3, { kind: 'connection', status: 'disconnected', detail: 'socket closed' });
    f.apply(14, 4, { kind: 'capabilities', capabilities: { approve: true, deny: true } });
    f.apply(15, 5, { kind: 'modes', modes: [{ slug: 'architect', name: 'Architect' }] });
    f.apply(16, 6, { kind: 'something_new', whatever: 1 });
    expect(f.info.task?.tokens).toEqual(tokens);
    expect(f.info.task?.state).toBe('completed');
    expect(f.info.connection).toBe('disconnected');
    expect(f.info.capabilities.approve).toBe(true);
    expect(f.modes.map((m) => m.slug)).toEqual(['architect']);
    expect(f.seq).toBe(16);
  });
});
