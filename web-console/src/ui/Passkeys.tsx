import { useEffect, useState } from 'preact/hooks';
import type { PasskeyInfo, WebAuth } from '../core/auth';
import { createPasskey, passkeysSupported } from '../core/passkey';
import { Confirm } from './Confirm';

/**
 * The person's passkeys: with one, signing in on the web needs the password and a passkey. Add one
 * made on this device, or remove one (the last only with the password).
 */
export function Passkeys({ auth }: { auth: WebAuth }) {
  const [passkeys, setPasskeys] = useState<PasskeyInfo[] | undefined>();
  const [name, setName] = useState('');
  const [note, setNote] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const [asking, setAsking] = useState<PasskeyInfo | undefined>();
  const [password, setPassword] = useState('');
  const supported = passkeysSupported();

  useEffect(() => {
    auth.passkeys().then(setPasskeys, (e: unknown) => setError(words(e)));
  }, [auth]);

  const add = async () => {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const options = await auth.passkeyOptions();
      const credential = await createPasskey(options.publicKey);
      const added = await auth.addPasskey(options.pending, credential, name.trim());
      setPasskeys([...(passkeys ?? []), added]);
      setName('');
      setNote(`Added "${added.name}". Signing in on the web now needs your password and a passkey.`);
    } catch (e) {
      setError(words(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (p: PasskeyInfo, withPassword?: string) => {
    setBusy(true);
    setError(undefined);
    setNote(undefined);
    try {
      const left = await auth.removePasskey(p.id, withPassword);
      setPasskeys(left);
      setAsking(undefined);
      setNote(
        left.length === 0
          ? `Removed "${p.name}". Your password alone signs in again.`
          : `Removed "${p.name}".`,
      );
    } catch (e) {
      setError(words(e));
    } finally {
      setPassword('');
      setBusy(false);
    }
  };

  const last = passkeys?.length === 1;

  return (
    <section class="card" id="passkeys" aria-labelledby="passkeys-title">
      <h2 id="passkeys-title">Passkeys</h2>
      <p class="muted">
        A passkey (this device's screen lock, or a security key) as a second step after your password, and after a
        pairing code.
      </p>
      {passkeys === undefined ? null : passkeys.length === 0 ? (
        <p class="muted" id="no-passkeys">
          No passkeys: your password alone signs in.
        </p>
      ) : (
        <ul class="sessions" id="passkey-list">
          {passkeys.map((p) => (
            <li class="device" key={p.id} data-passkey={p.id}>
              <strong class="passkey-name">{p.name}</strong>
              <p class="muted">
                Added {new Date(p.createdAt).toLocaleString()}
                {p.lastUsedAt ? ` · last used ${new Date(p.lastUsedAt).toLocaleString()}` : ' · not used yet'}
              </p>
              <button
                type="button"
                class="btn small danger remove-passkey"
                disabled={busy}
                onClick={() => {
                  setPassword('');
                  setAsking(p);
                }}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking && !last ? (
        <Confirm
          text={`Remove the passkey "${asking.name}"?`}
          yes="Remove"
          onYes={() => void remove(asking)}
          onNo={() => setAsking(undefined)}
        />
      ) : null}
      {asking && last ? (
        <form
          class="confirm card"
          id="remove-last-passkey"
          onSubmit={(e) => {
            e.preventDefault();
            void remove(asking, password);
          }}
        >
          <p>"{asking.name}" is your last passkey. Enter your password to remove it; then the password alone signs in.</p>
          <label for="passkey-password">Password</label>
          <input
            id="passkey-password"
            type="password"
            autocomplete="current-password"
            value={password}
            onInput={(e) => setPassword((e.target as HTMLInputElement).value)}
          />
          <div class="row">
            <button type="submit" class="btn danger" id="confirm-remove-passkey" disabled={busy || !password}>
              Remove
            </button>
            <button type="button" class="btn" onClick={() => setAsking(undefined)}>
              Keep it
            </button>
          </div>
        </form>
      ) : null}
      {supported ? (
        <div class="row">
          <label for="passkey-name" class="sr-only">
            Name of the new passkey
          </label>
          <input
            id="passkey-name"
            placeholder="Name, such as 'My phone'"
            maxLength={64}
            value={name}
            onInput={(e) => setName((e.target as HTMLInputElement).value)}
          />
          <button type="button" class="btn" id="add-passkey" disabled={busy} onClick={() => void add()}>
            Add a passkey
          </button>
        </div>
      ) : (
        <p class="warn" id="passkeys-unsupported">
          This browser cannot make passkeys here: it needs WebAuthn and a secure page (HTTPS, or localhost).
        </p>
      )}
      {note ? (
        <p id="passkey-note" role="status">
          {note}
        </p>
      ) : null}
      {error ? (
        <p class="error" role="alert" id="passkey-error">
          {error}
        </p>
      ) : null}
    </section>
  );
}

function words(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
