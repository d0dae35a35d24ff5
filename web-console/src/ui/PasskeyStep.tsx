import { useEffect, useState } from 'preact/hooks';
import { type Grant, SignInError, type WebAuth, isPasskeyChallenge } from '../core/auth';
import { type PasskeyChallenge, PasskeyError, usePasskey } from '../core/passkey';

/**
 * The second sign-in step of an account with passkeys: the browser asks for one at once; when the
 * person cancels, or the device has none, they can try again or start over.
 */
export function PasskeyStep({
  auth,
  challenge,
  onSignedIn,
  onRestart,
}: {
  auth: WebAuth;
  challenge: PasskeyChallenge;
  onSignedIn: (g: Grant) => void;
  onRestart: (why?: string) => void;
}) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  const run = async () => {
    setBusy(true);
    setError(undefined);
    let credential;
    try {
      credential = await usePasskey(challenge.publicKey);
    } catch (e) {
      setError(e instanceof PasskeyError ? e.message : String(e));
      setBusy(false);
      return;
    }
    try {
      onSignedIn(await auth.finishWithPasskey(challenge.pending, credential));
    } catch (e) {
      // The step is spent once the relay has seen an answer: the person starts over.
      onRestart(e instanceof SignInError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  useEffect(() => {
    void run();
  }, [challenge]);

  return (
    <main class="login" id="passkey-step">
      <h1>Roo Remote</h1>
      <section class="card">
        <p>
          {challenge.user ? `${challenge.user} has` : 'This account has'} a passkey: confirm with it to finish signing
          in.
        </p>
        {error ? (
          <p class="error" role="alert" id="passkey-error">
            {error}
          </p>
        ) : null}
        <button type="button" class="btn primary" id="passkey-retry" disabled={busy} onClick={() => void run()}>
          {busy ? 'Waiting for the passkey…' : 'Use my passkey'}
        </button>
        <button type="button" class="btn" id="passkey-restart" disabled={busy} onClick={() => onRestart()}>
          Start over
        </button>
      </section>
    </main>
  );
}

/**
 * Hands a first sign-in step (a password, a pairing code) over to the passkey step: `handOver` takes
 * what the relay answered, signing in at once or asking for a passkey; `passkeyStep` is the screen to
 * show while one is asked for, else null. Starting over leaves it and tells `onRestart` why.
 */
export function usePasskeyHandOver(
  auth: WebAuth,
  onSignedIn: (g: Grant) => void,
  onRestart: (why?: string) => void,
) {
  const [challenge, setChallenge] = useState<PasskeyChallenge | undefined>();
  const handOver = (step: Grant | PasskeyChallenge) => {
    if (isPasskeyChallenge(step)) setChallenge(step);
    else onSignedIn(step);
  };
  const passkeyStep = challenge ? (
    <PasskeyStep
      auth={auth}
      challenge={challenge}
      onSignedIn={onSignedIn}
      onRestart={(why) => {
        setChallenge(undefined);
        onRestart(why);
      }}
    />
  ) : null;
  return { handOver, passkeyStep };
}
