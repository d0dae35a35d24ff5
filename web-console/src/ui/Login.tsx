import { useEffect, useState } from 'preact/hooks';
import { type Grant, type RelayInfo, SignInError, type WebAuth } from '../core/auth';
import { usePasskeyHandOver } from './PasskeyStep';

/** Username and password, and the relay's fingerprint to compare with `roo-relay fingerprint`. */
export function Login({ auth, onSignedIn, notice }: { auth: WebAuth; onSignedIn: (g: Grant) => void; notice?: string }) {
  const [info, setInfo] = useState<RelayInfo | undefined>();
  const [infoError, setInfoError] = useState<string | undefined>();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>(notice);
  const [busy, setBusy] = useState(false);
  const [waitUntil, setWaitUntil] = useState(0);
  const [, tick] = useState(0);
  const { handOver, passkeyStep } = usePasskeyHandOver(auth, onSignedIn, setError);

  useEffect(() => {
    auth.info().then(setInfo, (e: Error) => setInfoError(e.message));
  }, [auth]);

  useEffect(() => {
    if (waitUntil <= Date.now()) return undefined;
    const t = setInterval(() => {
      tick((n) => n + 1);
      if (Date.now() >= waitUntil) setError(undefined);
    }, 1000);
    return () => clearInterval(t);
  }, [waitUntil]);

  const waiting = Math.ceil((waitUntil - Date.now()) / 1000);

  const submit = async (e: Event) => {
    e.preventDefault();
    if (!username.trim() || !password) {
      setError('Enter your username and password.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const step = await auth.login(username.trim(), password);
      setPassword('');
      handOver(step);
    } catch (err) {
      const e2 = err instanceof SignInError ? err : new SignInError('offline', String(err));
      if (e2.reason === 'throttled' && e2.retryAfterSeconds) setWaitUntil(Date.now() + e2.retryAfterSeconds * 1000);
      setError(e2.message);
      setPassword('');
    } finally {
      setBusy(false);
    }
  };

  if (passkeyStep) return passkeyStep;

  return (
    <main class="login" id="login">
      <h1>Roo Remote</h1>
      <form onSubmit={submit} class="card" noValidate>
        <label for="username">Username</label>
        <input
          id="username"
          name="username"
          autocomplete="username"
          autocapitalize="none"
          value={username}
          onInput={(e) => setUsername((e.target as HTMLInputElement).value)}
        />
        <label for="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          value={password}
          onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
        />
        {error ? (
          <p class="error" role="alert" id="login-error">
            {waiting > 0 ? `Too many attempts. Wait ${waiting} s, then try again.` : error}
          </p>
        ) : null}
        <button type="submit" class="btn primary" id="sign-in" disabled={busy || waiting > 0}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <section class="card fingerprint" aria-labelledby="fp-title">
        <h2 id="fp-title">Relay certificate</h2>
        {info ? (
          info.fingerprint ? (
            <>
              <p>
                Compare with what <code>roo-relay fingerprint</code> prints on the relay's machine before you sign in:
              </p>
              <p class="fp" id="fingerprint">
                {info.fingerprint}
              </p>
            </>
          ) : (
            <p class="warn">This relay runs without TLS (development only): nothing is encrypted.</p>
          )
        ) : (
          <p class="muted">{infoError ?? 'Asking the relay…'}</p>
        )}
        {info ? <p class="muted">Relay {info.version}</p> : null}
      </section>
    </main>
  );
}
