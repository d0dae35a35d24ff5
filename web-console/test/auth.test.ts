// @vitest-environment node
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebAuth, isPasskeyChallenge } from '../src/core/auth';

let server: Server;
let base: string;
const seen: { url?: string; headers: Record<string, unknown>; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ url: req.url, headers: req.headers, body });
      const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
        res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
        res.end(JSON.stringify(value));
      };
      if (req.url === '/v1/web/info') return json(200, { version: '0.1.0', fingerprint: 'AB:CD', tls: true });
      if (req.url === '/v1/web/pair') {
        const { code } = JSON.parse(body) as { code: string };
        if (code === 'good') return json(200, { accessToken: 'jwt', expiresIn: 900, user: 'bob', role: 'operator' });
        return json(401, { error: 'unauthorized', message: 'that pairing code was already used (each works once): make a new one' });
      }
      if (req.url === '/v1/web/login/passkey') {
        const { pending } = JSON.parse(body) as { pending: string };
        if (pending === 'p1') return json(200, { accessToken: 'jwt2', expiresIn: 900, user: 'bob', role: 'operator' });
        return json(401, { error: 'unauthorized', message: 'the passkey signed another challenge than this step\'s: start again' });
      }
      if (req.url === '/v1/web/passkeys/remove') {
        return json(401, { error: 'unauthorized', message: 'wrong user name or password' });
      }
      const { password } = body ? (JSON.parse(body) as { password: string }) : { password: '' };
      if (password === 'two-step') {
        return json(200, { passkeyRequired: true, pending: 'p1', user: 'bob', publicKey: { challenge: 'AQID', rpId: 'localhost' } });
      }
      if (password === 'right') return json(200, { accessToken: 'jwt', expiresIn: 900, user: 'alice', role: 'admin' });
      if (password === 'often') return json(429, { error: 'rate_limited', message: 'slow down' }, { 'Retry-After': '42' });
      return json(401, { error: 'unauthorized', message: 'wrong' });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe('WebAuth', () => {
  it('signs in with the X-Roo-Web header and the credentials in the body, never the URL', async () => {
    const grant = await new WebAuth(base).login('alice', 'right');
    expect(grant).toMatchObject({ accessToken: 'jwt', role: 'admin' });
    const last = seen.at(-1)!;
    expect(last.url).toBe('/v1/web/login');
    expect(last.headers['x-roo-web']).toBe('1');
    expect(JSON.parse(last.body)).toEqual({ username: 'alice', password: 'right' });
  });

  it('says a wrong password in words', async () => {
    await expect(new WebAuth(base).login('alice', 'nope')).rejects.toMatchObject({
      reason: 'wrong',
      message: 'Wrong username or password.',
    });
  });

  it('says how long to wait when throttled', async () => {
    await expect(new WebAuth(base).login('alice', 'often')).rejects.toMatchObject({
      reason: 'throttled',
      retryAfterSeconds: 42,
      message: 'Too many attempts. Wait 42 s, then try again.',
    });
  });

  it('says the relay cannot be reached when it is offline', async () => {
    await expect(new WebAuth('http://127.0.0.1:1').login('a', 'b')).rejects.toMatchObject({ reason: 'offline' });
  });

  it('a refused refresh cookie means signed out', async () => {
    await expect(new WebAuth(base).refresh()).rejects.toMatchObject({ reason: 'signed-out' });
  });

  it('reads the relay fingerprint', async () => {
    expect((await new WebAuth(base).info()).fingerprint).toBe('AB:CD');
  });

  it('pairs with the code and the device name in the body, and says why a code was refused', async () => {
    const grant = await new WebAuth(base).pair('good', "Bob's phone");
    expect(grant).toMatchObject({ user: 'bob', role: 'operator' });
    const last = seen.at(-1)!;
    expect(last.url).toBe('/v1/web/pair');
    expect(last.headers['x-roo-web']).toBe('1');
    expect(JSON.parse(last.body)).toEqual({ code: 'good', device: "Bob's phone" });
    await expect(new WebAuth(base).pair('spent', 'x')).rejects.toMatchObject({
      reason: 'wrong',
      message: expect.stringContaining('already used'),
    });
  });

  it('a password answered with a passkey step gives no grant until the passkey finishes it', async () => {
    const auth = new WebAuth(base);
    const step = await auth.login('bob', 'two-step');
    expect(isPasskeyChallenge(step)).toBe(true);
    expect(step).not.toHaveProperty('accessToken');
    const credential = { id: 'AQ', rawId: 'AQ', type: 'public-key', response: { clientDataJSON: 'AQ' }, clientExtensionResults: {} };
    const grant = await auth.finishWithPasskey('p1', credential);
    expect(grant).toMatchObject({ accessToken: 'jwt2', user: 'bob' });
    const last = seen.at(-1)!;
    expect(last.url).toBe('/v1/web/login/passkey');
    expect(last.headers['x-roo-web']).toBe('1');
    expect(JSON.parse(last.body)).toEqual({ pending: 'p1', credential });
    await expect(auth.finishWithPasskey('p2', credential)).rejects.toMatchObject({
      reason: 'wrong',
      message: expect.stringContaining('another challenge'),
    });
  });

  it('says a wrong password when removing the last passkey', async () => {
    await expect(new WebAuth(base).removePasskey('abc', 'guess')).rejects.toMatchObject({
      reason: 'wrong',
      message: 'Wrong password.',
    });
  });
});
