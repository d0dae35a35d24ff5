import { useState } from 'preact/hooks';
import { type Grant, SignInError, type WebAuth } from '../core/auth';
import { suggestedDeviceName } from '../core/pairing';
import { usePasskeyHandOver } from './PasskeyStep';

/** Signs this browser in with a pairing code from a QR code: the person names the device, nothing else. */
export function Pair({
  auth,
  code,
  onSignedIn,
  onPassword,
}: {
  auth: WebAuth;
  code: string;
  onSignedIn: (g: Grant) => void;
  onPassword: () => void;
}) {
  const [device, setDevice] = useState(() => suggestedDeviceName(navigator.userAgent));
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [spent, setSpent] = useState(false);
  const { handOver, passkeyStep } = usePasskeyHandOver(auth, onSignedIn, (why) => {
    // The code was spent by the first step: a new one is needed.
    setSpent(true);
    setError(`${why ? `${why} ` : ''}This pairing code is used up: make a new one, or sign in with a password.`);
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    const name = device.trim();
    if (!name) {
      setError('Give this device a name, such as "Alice\u2019s phone".');
      return;
    }
    if (name.length > 64) {
      setError('Use at most 64 characters for the name.');
      return;
    }
    setBusy(true);
    setError(undefined);
    try {
      const step = await auth.pair(code, name);
      handOver(step);
    } catch (err) {
      const e2 = err instanceof SignInError ? err : new SignInError('offline', String(err));
      if (e2.reason === 'wrong') setSpent(true);
      setError(e2.message);
    } finally {
      setBusy(false);
    }
  };

  if (passkeyStep) return passkeyStep;

  return (
    <main class="login" id="pair">
      <h1>Roo Remote</h1>
      <form onSubmit={submit} class="card" noValidate>
        <p>Sign this device in with the code you scanned. It works once, for five minutes.</p>
        <label for="device-name">Name this device</label>
        <input
          id="device-name"
          name="device"
          maxLength={64}
          value={device}
          onInput={(e) => setDevice((e.target as HTMLInputElement).value)}
        />
        {error ? (
          <p class="error" role="alert" id="pair-error">
            {error}
          </p>
        ) : null}
        <button type="submit" class="btn primary" id="pair-sign-in" disabled={busy || spent}>
          {busy ? 'Signing in…' : 'Sign in this device'}
        </button>
        <button type="button" class="btn" id="pair-password" onClick={onPassword}>
          Sign in with a password instead
        </button>
      </form>
    </main>
  );
}
