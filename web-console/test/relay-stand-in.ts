import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';
import type { SessionEvent } from '../src/core/protocol';
import { info, snapshot } from './fixtures';

/**
 * A small relay on real sockets for the connection's tests: /v1/web/refresh over HTTP and /v1/ws with
 * the protocol's sign-in, hello, subscribe (with and without fromSeq), acks and a replayable event log.
 */
export class RelayStandIn {
  readonly frames: Record<string, unknown>[] = [];
  readonly log: { seq: number; event: SessionEvent }[] = [];
  refreshes = 0;
  refreshStatus = 200;
  tokenLife = 900;
  /** Replays this many events before fromSeq as well (a relay that repeats itself). */
  overlap = 0;
  /** Answers every request but ping and authenticate with token_expired, once. */
  expireNext = false;
  validTokens = new Set<string>(['token-0']);
  /** While false, every new connection is cut at once (a network that is gone). */
  reachable = true;
  private server!: Server;
  private wss!: WebSocketServer;
  private readonly sockets = new Set<WebSocket>();
  private readonly subscribed = new Set<WebSocket>();

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.url === '/v1/web/refresh' && req.method === 'POST' && req.headers['x-roo-web'] === '1') {
        this.refreshes++;
        if (this.refreshStatus !== 200) {
          res.writeHead(this.refreshStatus, { 'Content-Type': 'application/json' });
          res.end('{"error":"unauthorized","message":"signed out"}');
          return;
        }
        const token = `token-${this.refreshes}`;
        this.validTokens.add(token);
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ accessToken: token, expiresIn: this.tokenLife, user: 'alice', role: 'operator' }));
        return;
      }
      res.writeHead(404);
      res.end();
    });
    this.wss = new WebSocketServer({ server: this.server, path: '/v1/ws' });
    this.wss.on('connection', (ws) => {
      if (!this.reachable) {
        ws.terminate();
        return;
      }
      this.sockets.add(ws);
      ws.on('close', () => {
        this.sockets.delete(ws);
        this.subscribed.delete(ws);
      });
      ws.on('message', (data) => this.receive(ws, JSON.parse(String(data)) as Record<string, unknown>));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
  }

  get base(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  get wsUrl(): string {
    return `${this.base.replace('http', 'ws')}/v1/ws`;
  }

  get connections(): number {
    return this.sockets.size;
  }

  framesOf(type: string): Record<string, unknown>[] {
    return this.frames.filter((f) => f.type === type);
  }

  /** Logs an event and sends it to every subscriber. */
  publish(event: SessionEvent): number {
    const seq = this.log.length + 1;
    this.log.push({ seq, event });
    for (const ws of this.subscribed) this.sendEvent(ws, seq, event);
    return seq;
  }

  /** Logs an event that subscribers never get (as if a frame were lost). */
  lose(event: SessionEvent): number {
    const seq = this.log.length + 1;
    this.log.push({ seq, event });
    return seq;
  }

  /** Cuts every connection as a network would (no close frame). */
  cut(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  closeWith(code: number, reason: string): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }

  async stop(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private receive(ws: WebSocket, frame: Record<string, unknown>): void {
    this.frames.push(frame);
    const id = frame.id as string;
    const ack = (result?: unknown) => ws.send(JSON.stringify({ type: 'ack', v: 1, id, ...(result ? { result } : {}) }));
    const error = (code: string) => ws.send(JSON.stringify({ type: 'error', v: 1, id, code, message: code }));
    switch (frame.type) {
      case 'authenticate':
        if (this.validTokens.has(frame.token as string)) ack();
        else ws.close(1008, 'bad token');
        return;
      case 'ping':
        ack({ kind: 'pong', serverTime: Date.now() });
        return;
      default:
    }
    if (this.expireNext) {
      this.expireNext = false;
      error('token_expired');
      return;
    }
    switch (frame.type) {
      case 'hello':
        ws.send(JSON.stringify({ type: 'welcome', v: 1, id, protocol: 1, user: 'alice', role: 'operator', sessions: [info()] }));
        return;
      case 'subscribe': {
        const seq = this.log.length;
        ack({ kind: 'subscribed', sessionId: frame.sessionId, seq });
        if (typeof frame.fromSeq === 'number') {
          for (const e of this.log) if (e.seq > frame.fromSeq - this.overlap) this.sendEvent(ws, e.seq, e.event);
        } else {
          ws.send(JSON.stringify({ type: 'snapshot', v: 1, sessionId: 'demo-1', seq, snapshot: snapshot({ messages: [] }) }));
        }
        this.subscribed.add(ws);
        return;
      }
      case 'unsubscribe':
        this.subscribed.delete(ws);
        ack();
        return;
      default:
        ack();
    }
  }

  private sendEvent(ws: WebSocket, seq: number, event: SessionEvent): void {
    ws.send(JSON.stringify({ type: 'event', v: 1, sessionId: 'demo-1', seq, time: Date.now(), event }));
  }
}
