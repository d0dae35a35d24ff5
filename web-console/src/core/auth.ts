import type { CreationOptionsJson, CredentialJson, PasskeyChallenge } from './passkey';
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

  /** The password step: signed in, or (for an account with passkeys) a passkey step to finish. */
  async login(username: string, password: string): Promise<Grant | PasskeyChallenge> {
    return this.grant(await this.call('POST', '/v1/web/login', JSON.stringify({ username, password })), 'login');
  }

  /** Signs this browser in as a new device of whoever made the one-time pairing code (maybe with a passkey step). */
  async pair(code: string, device: string): Promise<Grant | PasskeyChallenge> {
    return this.grant(await this.call('POST', '/v1/web/pair', JSON.stringify({ code, device })), 'pair');
  }

  /** The passkey step of a sign-in or pairing: the passkey's answer to the relay's challenge. */
  async finishWithPasskey(pending: string, credential: CredentialJson): Promise<Grant> {
    const g = await this.grant(
      await this.call('POST', '/v1/web/login/passkey', JSON.stringify({ pending, credential })),
      'passkey',
    );
    if (isPasskeyChallenge(g)) throw new SignInError('refused', 'The relay asked for a passkey again.');
    return g;
  }

  /** The signed-in person's passkeys. */
  async passkeys(): Promise<PasskeyInfo[]> {
    const body = await this.manage('/v1/web/passkeys', {});
    return (body as { passkeys?: PasskeyInfo[] }).passkeys ?? [];
  }

  /** Options for `navigator.credentials.create`, and the handle that names this registration. */
  async passkeyOptions(): Promise<{ pending: string; publicKey: CreationOptionsJson }> {
    return (await this.manage('/v1/web/passkeys/options', {})) as { pending: string; publicKey: CreationOptionsJson };
  }

  async addPasskey(pending: string, credential: CredentialJson, name: string): Promise<PasskeyInfo> {
    return (await this.manage('/v1/web/passkeys/add', { pending, credential, name })) as PasskeyInfo;
  }

  /** Removes a passkey; the last one needs the account's password. Answers the passkeys left. */
  async removePasskey(id: string, password?: string): Promise<PasskeyInfo[]> {
    const body = await this.manage('/v1/web/passkeys/remove', password ? { id, password } : { id });
    return (body as { passkeys?: PasskeyInfo[] }).passkeys ?? [];
  }

  private async manage(path: string, body: object): Promise<unknown> {
    const res = await this.call('POST', path, JSON.stringify(body));
    if (res.ok) return res.json();
    const message = await errorMessage(res);
    if (res.status === 429) {
      const wait = Number.parseInt(res.headers.get('Retry-After') ?? '', 10);
      const seconds = Number.isFinite(wait) ? wait : 60;
      throw new SignInError('throttled', `Too many attempts. Wait ${seconds} s, then try again.`, seconds);
    }
    if (res.status === 401 && path.endsWith('/remove') && message?.includes('password')) {
      throw new SignInError('wrong', 'Wrong password.');
    }
    throw new SignInError(
      res.status === 401 ? 'signed-out' : res.status >= 500 ? 'offline' : 'refused',
      message ?? `The relay refused (${res.status}).`,
    );
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

  private async grant(res: Response, what: 'login' | 'refresh' | 'pair' | 'passkey'): Promise<Grant> {
    if (res.ok) {
      const g = (await res.json()) as Grant;
      if (isPasskeyChallenge(g)) {
        if (what === 'refresh') throw new SignInError('refused', 'The relay asked for a passkey on a refresh.');
        return g as unknown as Grant;
      }
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
      if (what === 'passkey') {
        throw new SignInError('wrong', `The relay refused the passkey: ${message ?? 'start again'}.`);
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

/** A passkey the person added, as the relay lists it. */
export interface PasskeyInfo {
  id: string;
  name: string;
  createdAt: number;
  lastUsedAt?: number;
}

/** True when a first sign-in step answered with a passkey step rather than a grant. */
export function isPasskeyChallenge(value: unknown): value is PasskeyChallenge {
  return typeof value === 'object' && value !== null && (value as { passkeyRequired?: unknown }).passkeyRequired === true;
}

async function errorMessage(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { message?: unknown };
    return typeof body.message === 'string' ? body.message : undefined;
  } catch {
    return undefined;
  }
}
