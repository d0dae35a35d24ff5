import { useEffect, useState } from 'preact/hooks';
import type { RelayConnection } from '../core/connection';

/** The auto-approval switches, as the desktop console names them. */
export const SWITCHES: [string, string][] = [
  ['autoApprovalEnabled', 'Auto-approval enabled'],
  ['alwaysAllowReadOnly', 'Read files'],
  ['alwaysAllowWrite', 'Write files'],
  ['alwaysAllowExecute', 'Run allowed commands'],
  ['alwaysAllowMcp', 'Use MCP servers'],
  ['alwaysAllowModeSwitch', 'Switch modes'],
  ['alwaysAllowSubtasks', 'Create subtasks'],
  ['alwaysAllowFollowupQuestions', 'Answer followup questions'],
];

const SHOWN = ['mode', 'apiProvider', 'apiModelId', 'allowedCommands', 'deniedCommands'];

function show(value: unknown): string {
  if (value === undefined || value === null) return '—';
  if (Array.isArray(value)) return value.join(', ') || '—';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** The session's settings: read-only for viewers and operators; admins toggle the auto-approval switches. */
export function Settings({ conn, sessionId, admin }: { conn: RelayConnection; sessionId: string; admin: boolean }) {
  const [settings, setSettings] = useState<Record<string, unknown> | undefined>();
  const [source, setSource] = useState<string>('profile');
  const [secrets, setSecrets] = useState<string[]>([]);
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const online = conn.online;

  const take = (r: Record<string, unknown> | undefined) => {
    setSettings((r?.settings as Record<string, unknown>) ?? {});
    setSource((r?.source as string) ?? 'profile');
    setSecrets((r?.secrets as string[]) ?? []);
  };

  useEffect(() => {
    if (!online) return;
    conn.request({ type: 'get_settings', sessionId }).then(take, (e: Error) => setError(e.message));
  }, [conn, sessionId, online]);

  const toggle = async (key: string, value: boolean) => {
    setBusy(true);
    setError(undefined);
    try {
      take(await conn.request({ type: 'update_settings', sessionId, changes: { [key]: value } }));
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };

  if (!settings) return <p class="muted">{error ?? 'Loading the settings…'}</p>;
  return (
    <section id="settings" class="card">
      <p class="muted">
        {source === 'roo' ? "Roo's live settings, read through the session's bridge." : "The relay's stored settings profile for this session."}{' '}
        {admin ? 'As an admin you may switch auto-approval.' : 'Only an admin may change them.'}
      </p>
      {error ? <p class="error" role="alert">{error}</p> : null}
      <h2>Auto-approval</h2>
      <ul class="switches">
        {SWITCHES.map(([key, label]) => (
          <li key={key}>
            <label class="switch">
              <input
                type="checkbox"
                data-key={key}
                checked={settings[key] === true}
                disabled={!admin || busy}
                onChange={(e) => void toggle(key, (e.target as HTMLInputElement).checked)}
              />
              <span>{label}</span>
            </label>
          </li>
        ))}
      </ul>
      <h2>Profile</h2>
      <dl class="settings-list">
        {SHOWN.filter((k) => k in settings).map((k) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{show(settings[k])}</dd>
          </div>
        ))}
        {secrets.length > 0 ? (
          <div>
            <dt>secrets set</dt>
            <dd>{secrets.join(', ')}</dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}
