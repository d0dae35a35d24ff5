import type { Role } from './protocol';

/** A signed-in identity: the access token lives here, in the page's memory only. */
export interface Grant {
  accessToken: string;
  expiresIn: number;
  user: string;
  role: Role;
}

export interface RelayInfo {
  version: string;
  fingerprint: string | null;
  tls: boolean;
  /** The relay's public VAPID key for Web Push (base64url). */
  pushKey?: string;
}

/** Why signing in did not work, in words for the person at the login form. */
export class SignInError extends Error {
  constructor(
    readonly reason: 'wrong' | 'throttled' | 'offline' | 'refused' | 'signed-out',
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'SignInError';
  }
}

/**
 * The relay's /v1/web endpoints (notes: browser sign-in contract). The refresh token is an HttpOnly
 * cookie the page never sees; every call carries `X-Roo-Web: 1` and goes to the page's own origin.
 */
export class WebAuth {
  constructor(
    private readonly base = '',
    private readonly fetcher: typeof fetch = (...args) => fetch(...args),
  ) {}

  async info(): Promise<RelayInfo> {
    const res = await this.call('GET', '/v1/web/info');
    if (!res.ok) throw new SignInError('refused', `The relay answered ${res.status} to /v1/web/info.`);
    return (await res.json()) as RelayInfo;
  }

  async login(username: string, password: string): Promise<Grant> {
    return this.grant(await this.call('POST', '/v1/web/login', JSON.stringify({ username, password })), 'login');
  }

  /** Signs this browser in as a new device of whoever made the one-time pairing code. */
  async pair(code: string, device: string): Promise<Grant> {
    return this.grant(await this.call('POST', '/v1/web/pair', JSON.stringify({ code, device })), 'pair');
  }

  /** A new access token from the refresh cookie (which the relay rotates). */
  async refresh(): Promise<Grant> {
    return this.grant(await this.call('POST', '/v1/web/refresh'), 'refresh');
  }

  async logout(): Promise<void> {
    try {
      await this.call('POST', '/v1/web/logout');
    } catch {
      // Signing out of a relay that cannot be reached still forgets the token here.
    }
  }

  private async call(method: string, path: string, body?: string): Promise<Response> {
    try {
      return await this.fetcher(this.base + path, {
        method,
        body,
        credentials: 'same-origin',
        cache: 'no-store',
        headers: body ? { 'X-Roo-Web': '1', 'Content-Type': 'application/json' } : { 'X-Roo-Web': '1' },
      });
    } catch {
      throw new SignInError('offline', 'The relay cannot be reached. Check the network; this page tries again.');
    }
  }

  private async grant(res: Response, what: 'login' | 'refresh' | 'pair'): Promise<Grant> {
    if (res.ok) {
      const g = (await res.json()) as Grant;
      if (typeof g.accessToken !== 'string' || typeof g.expiresIn !== 'number') {
        throw new SignInError('refused', 'The relay answered without an access token.');
      }
      return g;
    }
    const message = await errorMessage(res);
    if (res.status === 401) {
      if (what === 'pair') {
        throw new SignInError('wrong', message ?? 'The relay refused the pairing code. Make a new one.');
      }
      throw what === 'login'
        ? new SignInError('wrong', 'Wrong username or password.')
        : new SignInError('signed-out', 'You are signed out. Sign in again.');
    }
    if (res.status === 429) {
      const wait = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
      const seconds = Number.isFinite(wait) ? wait : 60;
      return Promise.reject(
        new SignInError('throttled', `Too many attempts. Wait ${seconds} s, then try again.`, seconds),
      );
    }
    if (res.status >= 500) {
      throw new SignInError('offline', `The relay failed (${res.status}). It is tried again shortly.`);
    }
    throw new SignInError('refused', message ?? `The relay refused the sign-in (${res.status}).`);
  }
}

async function errorMessage(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}
