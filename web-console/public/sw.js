// The web console's service worker: it keeps the app shell (the page, its hashed scripts and styles,
// the manifest and the icons) so the console opens even when the relay cannot be reached, and then
// says so. It never stores session data: the relay's API (/v1/...) and its WebSocket always go to the
// network, and nothing else from the relay is kept.
const SHELL = 'roo-remote-shell-v1';
const PRECACHE = ['/', '/manifest.webmanifest', '/icons/icon.svg', '/icons/icon-192.png', '/icons/icon-512.png'];

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(SHELL)
      .then((cache) => cache.addAll(PRECACHE))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== SHELL).map((key) => caches.delete(key))))
      .then(() => self.clients.claim()),
  );
});

/** A file of the app shell: the page's own files, never the relay's API. */
function isShell(url) {
  return (
    url.origin === self.location.origin &&
    (url.pathname.startsWith('/assets/') ||
      url.pathname.startsWith('/icons/') ||
      url.pathname === '/manifest.webmanifest')
  );
}

/** Keeps the page as fetched, and of the hashed files only those the page still names. */
async function keepPage(response) {
  const cache = await caches.open(SHELL);
  const html = await response.clone().text();
  await cache.put('/', response);
  const named = new Set(Array.from(html.matchAll(/\/assets\/[^"'\s>]+/g), (m) => m[0]));
  for (const request of await cache.keys()) {
    const path = new URL(request.url).pathname;
    if (path.startsWith('/assets/') && !named.has(path)) await cache.delete(request);
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/v1/')) return;
  if (request.mode === 'navigate') {
    // The page from the relay when it answers (a new build takes effect), the kept one when it does not.
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) event.waitUntil(keepPage(response.clone()));
          return response;
        })
        .catch(() => caches.match('/').then((kept) => kept || Response.error())),
    );
    return;
  }
  if (isShell(url)) {
    event.respondWith(
      caches.match(request).then(
        (kept) =>
          kept ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              event.waitUntil(caches.open(SHELL).then((cache) => cache.put(request, copy)));
            }
            return response;
          }),
      ),
    );
  }
});

// Web Push from the relay: one notification per session (its tag), replaced by the session's next one.
// The payload names the session, the kind and the ask; never its text. A tap opens the session at the ask.
self.addEventListener('push', (event) => {
  let data;
  try {
    data = event.data ? event.data.json() : null;
  } catch {
    data = null;
  }
  if (!data || typeof data.session !== 'string' || typeof data.title !== 'string') return;
  const body =
    data.kind === 'finished' ? 'Open the session to see the result.' : 'Open the session to answer.';
  event.waitUntil(
    self.registration.showNotification(data.title, {
      body,
      tag: `session:${data.session}`,
      renotify: true,
      data: { session: data.session, taskId: data.taskId, askTs: data.askTs, kind: data.kind },
    }),
  );
});

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const session = event.notification.data && event.notification.data.session;
  if (typeof session !== 'string') return;
  const target = new URL(`/session?id=${encodeURIComponent(session)}`, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.navigate(target).then((w) => (w || open).focus());
      return self.clients.openWindow(target);
    }),
  );
});
