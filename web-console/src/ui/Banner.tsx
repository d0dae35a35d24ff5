import { useEffect, useState } from 'preact/hooks';
import type { LinkState } from '../core/connection';

/** The offline banner: what the page is waiting for, and when it tries again. */
export function Banner({ state, onRetry }: { state: LinkState; onRetry: () => void }) {
  const [, tick] = useState(0);
  useEffect(() => {
    if (state.kind !== 'waiting') return undefined;
    const t = setInterval(() => tick((n) => n + 1), 1000);
    return () => clearInterval(t);
  }, [state]);
  if (state.kind === 'online' || state.kind === 'signed-out') return null;
  if (state.kind === 'connecting') {
    return (
      <div class="banner" role="status" id="link-banner">
        Connecting to the relay…
      </div>
    );
  }
  const seconds = Math.max(0, Math.ceil((state.retryAt - Date.now()) / 1000));
  return (
    <div class="banner offline" role="status" id="link-banner">
      <span>
        Offline. {state.reason} Trying again in {seconds} s; nothing is lost meanwhile.
      </span>
      <button type="button" class="btn small" onClick={onRetry}>
        Retry now
      </button>
    </div>
  );
}
