// @vitest-environment node
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { WebAuth } from '../src/core/auth';
import { RelayConnection } from '../src/core/connection';
import { RelayError } from '../src/core/protocol';
import { RelayStandIn } from './relay-stand-in';

let relay: RelayStandIn;
let conn: RelayConnection | undefined;

beforeEach(async () => {
  relay = new RelayStandIn();
  await relay.start();
});

afterEach(async () => {
  conn?.stop();
  conn = undefined;
  await relay.stop();
});

async function until(check: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

function connect(expiresIn = 900, renewAheadMs = 60000): RelayConnection {
  conn = new RelayConnection({
    url: relay.wsUrl,
    auth: new WebAuth(relay.base),
    grant: { accessToken: 'token-0', expiresIn, user: 'alice', role: 'operator' },
    WebSocketImpl: WebSocket as unknown as typeof globalThis.WebSocket,
    backoffMs: { first: 20, max: 200 },
    renewAheadMs,
  });
  return conn;
}

const text = (seq: number, append: string) => ({
  kind: 'message',
  taskId: 't-1',
  created: seq === 1,
  message: { ts: 500, type: 'say', say: 'text', partial: true },
  text: seq === 1 ? { replace: append } : { append },
});

function reply(c: RelayConnection): string | undefined {
  return c.folds.get('demo-1')?.messages().find((m) => m.ts === 500)?.text;
}

describe('RelayConnection', () => {
  it('signs in with the first frame, says hello, then watches a session from its snapshot', async () => {
    const c = connect();
    c.watch('demo-1');
    await until(() => c.online && c.folds.get('demo-1') != null, 'the snapshot');
    expect(relay.frames.map((f) => f.type).slice(0, 3)).toEqual(['authenticate', 'hello', 'subscribe']);
    expect(relay.frames[0].token).toBe('token-0');
    expect(relay.framesOf('subscribe')[0].fromSeq).toBeUndefined();
    expect(c.sessions.get('demo-1')?.name).toBe('demo-1');
  });

  it('resumes from the last event applied after the link drops: nothing missed, nothing twice', async () => {
    const c = connect();
    c.watch('demo-1');
    await until(() => c.folds.get('demo-1') != null, 'the snapshot');
    relay.publish(text(1, 'Hello'));
    relay.publish(text(2, ', wor'));
    await until(() => reply(c) === 'Hello, wor', 'two deltas');

    relay.cut();
    await until(() => c.state.kind !== 'online', 'the drop');
    relay.lose(text(3, 'ld'));
    relay.overlap = 2; // the relay repeats two events the page already has
    await until(() => c.online && reply(c) === 'Hello, world', 'the resumed stream', 8000);
    relay.publish(text(4, '!'));
    await until(() => reply(c) === 'Hello, world!', 'a live event after the resume');
    const subs = relay.framesOf('subscribe');
    expect(subs[subs.length - 1].fromSeq).toBe(2);
    expect(c.folds.get('demo-1')?.seq).toBe(4);
  });

  it('subscribes again from its last number when an event is missing', async () => {
    const c = connect();
    c.watch('demo-1');
    await until(() => c.folds.get('demo-1') != null, 'the snapshot');
    relay.publish(text(1, 'a'));
    relay.lose(text(2, 'b'));
    relay.publish(text(3, 'c'));
    await until(() => reply(c) === 'abc', 'the gap filled');
    expect(relay.framesOf('unsubscribe').length).toBe(1);
    expect(relay.framesOf('subscribe').at(-1)?.fromSeq).toBe(1);
  });

  it('renews the token before it expires: refresh, then authenticate on the same socket', async () => {
    const c = connect(3, 1500);
    await until(() => c.online, 'online');
    expect(relay.refreshes).toBe(0);
    await until(() => relay.framesOf('authenticate').length === 2, 'the in-band authenticate', 5000);
    expect(relay.refreshes).toBe(1);
    expect(relay.framesOf('authenticate')[1].token).toBe('token-1');
    expect(relay.framesOf('hello').length).toBe(1);
    expect(c.online).toBe(true);
  }, 10000);

  it('renews and repeats a request the relay refused as token_expired', async () => {
    const c = connect();
    await until(() => c.online, 'online');
    relay.expireNext = true;
    await c.request({ type: 'cancel_task', sessionId: 'demo-1' });
    expect(relay.refreshes).toBe(1);
    expect(relay.framesOf('cancel_task').length).toBe(2);
  });

  it('refuses requests while offline with a clear code', async () => {
    const c = connect();
    await until(() => c.online, 'online');
    relay.cut();
    await until(() => !c.online, 'offline');
    await expect(c.request({ type: 'ping' })).rejects.toMatchObject({ code: 'offline' });
    await expect(c.request({ type: 'ping' })).rejects.toBeInstanceOf(RelayError);
    expect(c.state.kind === 'waiting' || c.state.kind === 'connecting').toBe(true);
  });

  it('is signed out when the relay ends the sign-in (1008 and the refresh cookie is refused)', async () => {
    const c = connect();
    await until(() => c.online, 'online');
    relay.refreshStatus = 401;
    relay.closeWith(1008, 'signed out: the password changed');
    await until(() => c.state.kind === 'signed-out', 'signed out');
    expect(c.state.kind === 'signed-out' && c.state.message).toContain('the password changed');
  });

  it('reconnects with a fresh token when it was asleep past the token', async () => {
    const c = connect(3, 100);
    c.watch('demo-1');
    await until(() => c.folds.get('demo-1') != null, 'the snapshot');
    relay.refreshStatus = 500; // renewing fails while "asleep"
    relay.reachable = false;
    relay.cut();
    await new Promise((r) => setTimeout(r, 3100));
    relay.validTokens.delete('token-0');
    relay.refreshStatus = 200;
    relay.reachable = true;
    c.nudge();
    await until(() => c.online, 'back online', 8000);
    const last = relay.framesOf('authenticate').at(-1);
    expect(last?.token).not.toBe('token-0');
  }, 15000);
});
