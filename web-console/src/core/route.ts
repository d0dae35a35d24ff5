/** Where the page is: the session list, a session (with a tab), or a past task of a session. */
export type Route =
  | { screen: 'sessions' }
  | { screen: 'devices' }
  | { screen: 'session'; sessionId: string; tab: 'live' | 'history' | 'settings'; taskId?: string };

/** The route of a location (path and query); session ids travel in the query, never a token. */
export function parseRoute(pathname: string, search: string): Route {
  const q = new URLSearchParams(search);
  const id = q.get('id');
  if (pathname === '/session' && id) {
    const tab = q.get('tab');
    const taskId = q.get('task') ?? undefined;
    return {
      screen: 'session',
      sessionId: id,
      tab: tab === 'history' || tab === 'settings' ? tab : 'live',
      taskId: tab === 'history' ? taskId : undefined,
    };
  }
  if (pathname === '/devices') return { screen: 'devices' };
  return { screen: 'sessions' };
}

export function routeUrl(route: Route): string {
  if (route.screen === 'sessions') return '/';
  if (route.screen === 'devices') return '/devices';
  const q = new URLSearchParams({ id: route.sessionId });
  if (route.tab !== 'live') q.set('tab', route.tab);
  if (route.taskId) q.set('task', route.taskId);
  return `/session?${q.toString()}`;
}
