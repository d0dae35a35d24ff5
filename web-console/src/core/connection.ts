import { type Grant, SignInError } from './auth';
import { SessionFold } from './fold';
import { type AckResult, RelayError, type Role, type ServerFrame, type SessionInfo } from './protocol';

/** What the connection is doing, for the banner. */
export type LinkState =
  | { kind: 'connecting' }
  | { kind: 'online' }
  | { kind: 'waiting'; reason: string; retryAt: number }
  | { kind: 'signed-out'; message: string };

export interface Renewer {
  refresh(): Promise<Grant>;
}

export interface ConnectionOptions {
  /** wss://host:port/v1/ws (the page's own origin). */
  url: string;
  auth: Renewer;
  grant: Grant;
  WebSocketImpl?: typeof WebSocket;
  /** First and longest wait before reconnecting; the wait doubles from the first to the longest. */
  backoffMs?: { first: number; max: number };
  /** Renew this long before the access token expires (at most a quarter of its life). */
  renewAheadMs?: number;
  /** A ping every so often while online; no answer within the timeout counts as a dropped link. */
  pingMs?: { every: number; timeout: number };
  /** Whether the device says it is online (navigator.onLine). */
  online?: () => boolean;
}

interface Pending {
  frame: Record<string, unknown>;
  resolve: (r: AckResult | undefined) => void;
  reject: (e: Error) => void;
  retried: boolean;
}

const CLIENT = 'roo-web/0.1.0';

/**
 * The page's one WebSocket to the relay. It signs in with the first frame (`authenticate`), says
 * `hello`, and keeps every watched session's fold: each resumes from the last event it applied after a
 * reconnect, duplicates are ignored and a gap subscribes again. It renews the access token before it
 * expires (refresh, then `authenticate` on the open socket), and reconnects by itself with backoff.
 */
export class RelayConnection {
  state: LinkState = { kind: 'connecting' };
  user?: string;
  role?: Role;
  /** Every session the relay lets this person see, as last told. */
  readonly sessions = new Map<string, SessionInfo>();
  /** Watched sessions: null until their snapshot came. */
  readonly folds = new Map<string, SessionFold | null>();

  private grant: Grant;
  private expiresAt: number;
  private ws?: WebSocket;
  private ready = false;
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private readonly resyncing = new Set<string>();
  private readonly listeners = new Set<() => void>();
  private attempt = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private renewTimer?: ReturnType<typeof setTimeout>;
  private pingTimer?: ReturnType<typeof setInterval>;
  private stopped = false;
  private readonly Impl: typeof WebSocket;
  private readonly backoff: { first: number; max: number };
  private readonly ping: { every: number; timeout: number };

  constructor(private readonly options: ConnectionOptions) {
    this.grant = options.grant;
    this.expiresAt = Date.now() + options.grant.expiresIn * 1000;
    this.user = options.grant.user;
    this.role = options.grant.role;
    this.Impl = options.WebSocketImpl ?? WebSocket;
    this.backoff = options.backoffMs ?? { first: 1000, max: 30000 };
    this.ping = options.pingMs ?? { every: 25000, timeout: 10000 };
    this.scheduleRenew();
    this.open();
  }

  /** Called after every change; returns a function that stops the calls. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get online(): boolean {
    return this.state.kind === 'online';
  }

  /** Watches a session: a snapshot, then its events (resumed across reconnects). */
  watch(sessionId: string): void {
    if (this.folds.has(sessionId)) return;
    this.folds.set(sessionId, null);
    if (this.ready) this.sendSubscribe(sessionId);
  }

  unwatch(sessionId: string): void {
    if (!this.folds.delete(sessionId)) return;
    if (this.ready) this.request({ type: 'unsubscribe', sessionId }).catch(() => undefined);
  }

  /**
   * Sends a request and resolves with the ack's result. Refused with a RelayError (its `code`) when
   * the relay refuses, or with code `offline` while the connection is down.
   */
  request(frame: Record<string, unknown>): Promise<AckResult | undefined> {
    return new Promise((resolve, reject) => {
      if (!this.ready || !this.ws) {
        reject(new RelayError('offline', this.offlineWords()));
        return;
      }
      this.send({ frame, resolve, reject, retried: false });
    });
  }

  /** Try now (the network came back, or the page became visible again). */
  nudge(): void {
    if (this.stopped) return;
    if (this.state.kind === 'waiting') {
      clearTimeout(this.retryTimer);
      this.open();
    } else if (this.ready) {
      this.checkAlive();
    }
  }

  /** Closes for good (signing out). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearTimeout(this.renewTimer);
    clearInterval(this.pingTimer);
    this.drop(this.ws);
    this.failPending('The page signed out.');
  }

  /** Renews the access token now: refresh, then `authenticate` on the open socket. */
  async renew(): Promise<void> {
    clearTimeout(this.renewTimer);
    try {
      this.accept(await this.options.auth.refresh());
    } catch (e) {
      if (e instanceof SignInError && e.reason === 'signed-out') {
        this.signOut('Your sign-in ended. Sign in again.');
        return;
      }
      // The relay cannot be reached: try again soon; the token may still be good.
      this.renewTimer = setTimeout(() => void this.renew(), Math.min(10000, this.msLeft() / 2 + 500));
      return;
    }
    if (this.ready) {
      await this.request({ type: 'authenticate', token: this.grant.accessToken }).catch(() => undefined);
    }
  }

  private accept(grant: Grant): void {
    this.grant = grant;
    this.expiresAt = Date.now() + grant.expiresIn * 1000;
    this.scheduleRenew();
  }

  private msLeft(): number {
    return this.expiresAt - Date.now();
  }

  private scheduleRenew(): void {
    clearTimeout(this.renewTimer);
    const life = this.grant.expiresIn * 1000;
    const ahead = Math.min(this.options.renewAheadMs ?? 60000, life / 4);
    this.renewTimer = setTimeout(() => void this.renew(), Math.max(0, this.msLeft() - ahead));
  }

  private open(): void {
    if (this.stopped) return;
    this.drop(this.ws);
    this.ready = false;
    this.setState({ kind: 'connecting' });
    if (this.msLeft() < 1000) {
      // Asleep past the token's life: renew first, then connect.
      this.options.auth.refresh().then(
        (g) => {
          this.accept(g);
          this.connect();
        },
        (e: unknown) => {
          if (e instanceof SignInError && e.reason === 'signed-out') this.signOut('Your sign-in ended. Sign in again.');
          else this.retryLater();
        },
      );
      return;
    }
    this.connect();
  }

  private connect(): void {
    let ws: WebSocket;
    try {
      ws = new this.Impl(this.options.url);
    } catch {
      this.retryLater();
      return;
    }
    this.ws = ws;
    ws.onopen = () => {
      if (this.ws !== ws) return;
      const id = this.id();
      this.pending.set(id, {
        frame: {},
        resolve: () => this.sendRaw({ type: 'hello', v: 1, id: this.id(), client: CLIENT }),
        // An 'offline' rejection is the socket closing first: its close event handles that.
        reject: (e) => (e instanceof RelayError && e.code === 'offline' ? undefined : this.refused(e)),
        retried: true,
      });
      this.sendRaw({ type: 'authenticate', v: 1, id, token: this.grant.accessToken });
    };
    ws.onmessage = (m: MessageEvent) => {
      if (this.ws !== ws || typeof m.data !== 'string') return;
      let frame: ServerFrame;
      try {
        frame = JSON.parse(m.data) as ServerFrame;
      } catch {
        return;
      }
      this.receive(frame);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      this.closed(e.code, e.reason);
    };
    ws.onerror = () => undefined;
  }

  private refused(e: Error): void {
    // The relay did not take the token: a fresh one, or sign in again.
    this.drop(this.ws);
    this.ready = false;
    this.options.auth.refresh().then(
      (g) => {
        this.accept(g);
        this.retryLater();
      },
      (err: unknown) => {
        if (err instanceof SignInError && err.reason === 'signed-out') {
          this.signOut(`The relay refused the sign-in: ${e.message}. Sign in again.`);
        } else {
          this.retryLater();
        }
      },
    );
  }

  private closed(code: number, reason: string): void {
    this.ws = undefined;
    this.ready = false;
    clearInterval(this.pingTimer);
    this.failPending(this.offlineWords());
    if (this.stopped) return;
    if (code === 1008) {
      // Revoked or expired: only a refresh tells which. Revoked ends the sign-in.
      this.options.auth.refresh().then(
        (g) => {
          this.accept(g);
          this.open();
        },
        (e: unknown) => {
          if (e instanceof SignInError && e.reason === 'signed-out') {
            this.signOut(reason ? `The relay closed the connection: ${reason}. Sign in again.` : 'Sign in again.');
          } else {
            this.retryLater();
          }
        },
      );
      return;
    }
    this.retryLater();
  }

  private retryLater(): void {
    if (this.stopped) return;
    const wait = Math.min(this.backoff.max, this.backoff.first * 2 ** this.attempt);
    this.attempt++;
    const jittered = Math.round(wait * (0.75 + Math.random() * 0.25));
    const deviceOffline = this.options.online ? !this.options.online() : false;
    this.setState({
      kind: 'waiting',
      reason: deviceOffline ? 'Waiting for the network to come back.' : 'The relay cannot be reached.',
      retryAt: Date.now() + jittered,
    });
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), jittered);
  }

  private signOut(message: string): void {
    this.stop();
    this.setState({ kind: 'signed-out', message });
  }

  private receive(frame: ServerFrame): void {
    switch (frame.type) {
      case 'welcome':
        this.user = frame.user;
        this.role = frame.role;
        this.sessions.clear();
        for (const s of frame.sessions ?? []) this.sessions.set(s.sessionId, s);
        this.ready = true;
        this.attempt = 0;
        this.resyncing.clear();
        for (const id of this.folds.keys()) this.sendSubscribe(id);
        this.startPing();
        this.setState({ kind: 'online' });
        return;
      case 'ack':
      case 'error':
        if (frame.id !== undefined && this.pending.has(frame.id)) {
          this.answered(frame);
        } else if (frame.type === 'error') {
          this.notify();
        }
        return;
      case 'snapshot':
        if (this.folds.has(frame.sessionId)) {
          const fold = new SessionFold(frame.seq, frame.snapshot);
          this.folds.set(frame.sessionId, fold);
          this.sessions.set(frame.sessionId, fold.info);
          this.notify();
        }
        return;
      case 'event': {
        const fold = this.folds.get(frame.sessionId);
        if (!fold) return;
        const result = fold.apply(frame.seq, frame.time, frame.event);
        if (result === 'gap') {
          this.resubscribe(frame.sessionId);
        } else if (result === 'applied') {
          this.sessions.set(frame.sessionId, fold.info);
          this.notify();
        }
        return;
      }
      case 'session_added':
      case 'session_status':
        if (!this.folds.get(frame.session.sessionId)) this.sessions.set(frame.session.sessionId, frame.session);
        else this.sessions.set(frame.session.sessionId, { ...frame.session, ...this.foldView(frame.session.sessionId) });
        this.notify();
        return;
      case 'session_removed':
        this.sessions.delete(frame.sessionId);
        this.notify();
        return;
      default:
      // Unknown frame types are skipped.
    }
  }

  /** What a watched session's fold knows better than a status push: its transcript's task and ask. */
  private foldView(sessionId: string): Partial<SessionInfo> {
    const info = this.folds.get(sessionId)?.info;
    return info ? { task: info.task, pendingAsk: info.pendingAsk } : {};
  }

  private answered(frame: Extract<ServerFrame, { type: 'ack' | 'error' }>): void {
    const p = this.pending.get(frame.id as string) as Pending;
    this.pending.delete(frame.id as string);
    if (frame.type === 'ack') {
      p.resolve(frame.result);
      return;
    }
    if (frame.code === 'token_expired' && !p.retried) {
      // Renew, then repeat the request once.
      p.retried = true;
      this.renew().then(
        () => (this.ready ? this.send(p) : p.reject(new RelayError('offline', this.offlineWords()))),
        () => p.reject(new RelayError(frame.code, frame.message)),
      );
      return;
    }
    p.reject(new RelayError(frame.code, frame.message));
  }

  private sendSubscribe(sessionId: string): void {
    this.subscribeFrame(sessionId).catch(() => undefined);
  }

  private subscribeFrame(sessionId: string): Promise<AckResult | undefined> {
    const fold = this.folds.get(sessionId);
    const frame: Record<string, unknown> = { type: 'subscribe', sessionId };
    if (fold) frame.fromSeq = fold.seq;
    return this.request(frame);
  }

  /** After a gap: subscribe again from the last event applied (once, until the relay acks it). */
  private resubscribe(sessionId: string): void {
    if (this.resyncing.has(sessionId)) return;
    this.resyncing.add(sessionId);
    this.request({ type: 'unsubscribe', sessionId })
      .catch(() => undefined)
      .then(() => (this.folds.has(sessionId) ? this.subscribeFrame(sessionId) : undefined))
      .catch(() => undefined)
      .finally(() => this.resyncing.delete(sessionId));
  }

  private startPing(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => this.checkAlive(), this.ping.every);
  }

  private checkAlive(): void {
    const ws = this.ws;
    if (!ws || !this.ready) return;
    const timer = setTimeout(() => {
      if (this.ws === ws) {
        this.drop(ws);
        this.closed(1006, 'no answer to ping');
      }
    }, this.ping.timeout);
    this.request({ type: 'ping' }).then(
      () => clearTimeout(timer),
      () => clearTimeout(timer),
    );
  }

  private send(p: Pending): void {
    const id = this.id();
    this.pending.set(id, p);
    this.sendRaw({ ...p.frame, v: 1, id });
  }

  private sendRaw(frame: Record<string, unknown>): void {
    try {
      this.ws?.send(JSON.stringify(frame));
    } catch {
      // A socket that is closing: its close event follows.
    }
  }

  private failPending(message: string): void {
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(new RelayError('offline', message));
  }

  private drop(ws: WebSocket | undefined): void {
    if (!ws) return;
    if (this.ws === ws) this.ws = undefined;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
    try {
      ws.close();
    } catch {
      // already closed
    }
  }

  private offlineWords(): string {
    return 'Not connected to the relay right now; this page reconnects by itself. Try again when it is back.';
  }

  private id(): string {
    return String(this.nextId++);
  }

  private setState(state: LinkState): void {
    this.state = state;
    this.notify();
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }
}
