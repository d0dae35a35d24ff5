import { useEffect, useState } from 'preact/hooks';
import type { WebAuth } from '../core/auth';
import type { RelayConnection } from '../core/connection';
import { enableNotifications } from '../core/push';
import { RelayError } from '../core/protocol';
import { Confirm } from './Confirm';
import { Passkeys } from './Passkeys';

interface Device {
  id: string;
  name: string;
  pairedAt: number;
  signedIn: boolean;
  current: boolean;
}

/** The person's paired devices, each revocable, and a link that pairs one more. */
export function Devices({ conn, auth }: { conn: RelayConnection; auth: WebAuth }) {
  const [pushNote, setPushNote] = useState<string | undefined>();
  const [devices, setDevices] = useState<Device[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  const [asking, setAsking] = useState<Device | undefined>();
  const [link, setLink] = useState<{ url: string; expiresAt: number } | undefined>();

  const load = () =>
    conn.request({ type: 'list_devices' }).then(
      (r) => setDevices(((r as unknown as { devices?: Device[] })?.devices ?? []) as Device[]),
      (e: unknown) => setError(words(e)),
    );
  useEffect(() => {
    void load();
  }, [conn]);

  const revoke = async (d: Device) => {
    setAsking(undefined);
    try {
      await conn.request({ type: 'revoke_device', deviceId: d.id });
      setError(undefined);
      await load();
    } catch (e) {
      setError(words(e));
    }
  };

  const pairAnother = async () => {
    try {
      const r = (await conn.request({ type: 'create_pairing_code' })) as unknown as { path: string; expiresAt: number };
      setLink({ url: location.origin + r.path, expiresAt: r.expiresAt });
    } catch (e) {
      setError(words(e));
    }
  };

  return (
    <main id="devices-screen">
      <h1>Devices</h1>
      {error ? (
        <p class="error" role="alert" id="devices-error">
          {error}
        </p>
      ) : null}
      {devices === undefined ? (
        <p class="muted">Asking the relay…</p>
      ) : devices.length === 0 ? (
        <p class="muted" id="no-devices">
          No paired devices.
        </p>
      ) : (
        <ul class="sessions" id="device-list">
          {devices.map((d) => (
            <li class="card device" key={d.id} data-device={d.id}>
              <strong class="device-name">{d.name}</strong>
              {d.current ? <span class="muted"> · this device</span> : null}
              <p class="muted">
                Paired {new Date(d.pairedAt).toLocaleString()}
                {d.signedIn ? '' : ' · signed out'}
              </p>
              <button type="button" class="btn small danger revoke" onClick={() => setAsking(d)}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
      {asking ? (
        <Confirm
          text={`Revoke "${asking.name}"? It is signed out at once.`}
          yes="Revoke"
          onYes={() => void revoke(asking)}
          onNo={() => setAsking(undefined)}
        />
      ) : null}
      <section class="card">
        <button
          type="button"
          class="btn"
          id="enable-notifications"
          onClick={() =>
            void auth
              .info()
              .then((info) => enableNotifications(conn, info.pushKey))
              .then(setPushNote, (e: unknown) => setPushNote(words(e)))
          }
        >
          Notify this device
        </button>
        {pushNote ? <p id="push-note">{pushNote}</p> : null}
      </section>
      <Passkeys auth={auth} />
      <section class="card">
        <button type="button" class="btn" id="pair-another" onClick={() => void pairAnother()}>
          Pair another device
        </button>
        {link ? (
          <p id="pair-link">
            Open this on the other device before {new Date(link.expiresAt).toLocaleTimeString()} (it works once):{' '}
            <code>{link.url}</code>
          </p>
        ) : null}
      </section>
    </main>
  );
}

function words(e: unknown): string {
  return e instanceof RelayError || e instanceof Error ? e.message : String(e);
}
