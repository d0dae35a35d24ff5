import { useEffect, useState } from 'preact/hooks';
import { type Grant, SignInError, type WebAuth } from '../core/auth';
import { RelayConnection } from '../core/connection';
import { takePairingCode } from '../core/pairing';
import { type Route, parseRoute, routeUrl } from '../core/route';
import { Banner } from './Banner';
import { Devices } from './Devices';
import { Login } from './Login';
import { Pair } from './Pair';
import { SessionList } from './SessionList';
import { SessionScreen } from './SessionScreen';

/** Draws again at most once a frame however many events arrive. */
function useConnection(conn: RelayConnection | undefined): void {
  const [, setVersion] = useState(0);
  useEffect(() => {
    if (!conn) return undefined;
    let queued = false;
    const later = typeof requestAnimationFrame === 'function' ? requestAnimationFrame : (f: () => void) => setTimeout(f, 16);
    return conn.subscribe(() => {
      if (queued) return;
      queued = true;
      later(() => {
        queued = false;
        setVersion((v) => v + 1);
      });
    });
  }, [conn]);
}

function currentRoute(): Route {
  return parseRoute(location.pathname, location.search);
}

/**
 * The page: signs in silently with the refresh cookie when it can, else shows the login; then the
 * session list or a session, with the offline banner while the connection is down.
 */
export function App({ auth, wsUrl }: { auth: WebAuth; wsUrl: string }) {
  // Read before anything else, so the code leaves the address bar at once.
  const [pairingCode, setPairingCode] = useState<string | undefined>(() => takePairingCode());
  const [phase, setPhase] = useState<'starting' | 'login' | 'app'>(pairingCode ? 'login' : 'starting');
  const [conn, setConn] = useState<RelayConnection | undefined>();
  const [notice, setNotice] = useState<string | undefined>();
  const [route, setRoute] = useState<Route>(currentRoute);
  useConnection(conn);

  const start = (grant: Grant) => {
    const c = new RelayConnection({ url: wsUrl, auth, grant, online: () => navigator.onLine });
    c.subscribe(() => {
      if (c.state.kind === 'signed-out') {
        setNotice(c.state.message);
        setConn(undefined);
        setPhase('login');
      }
    });
    setConn(c);
    setPhase('app');
  };

  useEffect(() => {
    if (pairingCode) return;
    auth.refresh().then(start, (e: unknown) => {
      if (e instanceof SignInError && e.reason === 'offline') setNotice(e.message);
      setPhase('login');
    });
  }, []);

  useEffect(() => {
    const pop = () => setRoute(currentRoute());
    // A pairing link opened in this tab only changes the fragment: start afresh with its code.
    const hash = () => location.hash.startsWith('#pair=') && location.reload();
    const nudge = () => conn?.nudge();
    const visible = () => document.visibilityState === 'visible' && conn?.nudge();
    window.addEventListener('popstate', pop);
    window.addEventListener('hashchange', hash);
    window.addEventListener('online', nudge);
    document.addEventListener('visibilitychange', visible);
    return () => {
      window.removeEventListener('popstate', pop);
      window.removeEventListener('hashchange', hash);
      window.removeEventListener('online', nudge);
      document.removeEventListener('visibilitychange', visible);
    };
  }, [conn]);

  const go = (r: Route) => {
    history.pushState(null, '', routeUrl(r));
    setRoute(r);
    window.scrollTo(0, 0);
  };

  if (phase === 'starting') {
    return (
      <main class="login">
        <p class="muted">Signing in…</p>
      </main>
    );
  }
  if ((phase === 'login' || !conn) && pairingCode) {
    return (
      <Pair
        auth={auth}
        code={pairingCode}
        onSignedIn={(g) => {
          setPairingCode(undefined);
          setNotice(undefined);
          start(g);
        }}
        onPassword={() => setPairingCode(undefined)}
      />
    );
  }
  if (phase === 'login' || !conn) {
    return (
      <Login
        auth={auth}
        notice={notice}
        onSignedIn={(g) => {
          setNotice(undefined);
          start(g);
        }}
      />
    );
  }
  const signOut = async () => {
    conn.stop();
    await auth.logout();
    setConn(undefined);
    setNotice('You signed out.');
    setPhase('login');
  };
  return (
    <>
      <Banner state={conn.state} onRetry={() => conn.nudge()} />
      <div class="topbar">
        <span class="who" id="who">
          {conn.user} · {conn.role}
        </span>
        <span class="row">
          <button
            type="button"
            class="btn small"
            id="devices"
            onClick={() => go(route.screen === 'devices' ? { screen: 'sessions' } : { screen: 'devices' })}
          >
            {route.screen === 'devices' ? 'Sessions' : 'Devices'}
          </button>
          <button type="button" class="btn small" id="sign-out" onClick={() => void signOut()}>
            Sign out
          </button>
        </span>
      </div>
      {route.screen === 'session' ? (
        <SessionScreen key={route.sessionId} conn={conn} route={route} go={go} />
      ) : route.screen === 'devices' ? (
        <Devices conn={conn} auth={auth} />
      ) : (
        <main id="sessions-screen">
          <h1>Sessions</h1>
          <SessionList
            sessions={[...conn.sessions.values()]}
            linkUp={conn.online}
            onOpen={(id) => go({ screen: 'session', sessionId: id, tab: 'live' })}
          />
        </main>
      )}
    </>
  );
}
