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
// The payload names the session, the kind and the ask; never its text. A tap opens the session at the ask;
// where the platform shows notification actions, Approve / Deny (a tool or command), Answer (a question) and
// Retry (a failed request to the model) act on exactly that ask without opening the console.
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
  const ask = typeof data.taskId === 'string' && Number.isSafeInteger(data.askTs);
  event.waitUntil(
    self.registration.showNotification(data.title, {
      body,
      tag: `session:${data.session}`,
      renotify: true,
      actions: ask ? actionsFor(data.kind) : [],
      data: { session: data.session, taskId: data.taskId, askTs: data.askTs, kind: data.kind },
    }),
  );
});

/** The actions a notification of {@code kind} offers, as many as the platform shows (none on some). */
function actionsFor(kind) {
  const most = (self.Notification && self.Notification.maxActions) || 0;
  let actions = [];
  if (kind === 'tool' || kind === 'command') {
    actions = [
      { action: 'approve', title: 'Approve' },
      { action: 'deny', title: 'Deny' },
    ];
  } else if (kind === 'failed') {
    // Roo's Retry of a failed request to the model (its yes to api_req_failed)
    actions = [{ action: 'retry', title: 'Retry' }];
  } else if (kind === 'followup') {
    actions = [{ action: 'answer', title: 'Answer', type: 'text', placeholder: 'Your answer' }];
  }
  return actions.slice(0, most);
}

/**
 * Approves, denies, answers or retries the ask the notification named, with the login's cookie (the worker has no
 * access token): the relay acts only when that ask is still the pending one. When it did not act, a
 * notification says why, and a tap on it opens the session.
 */
async function act(data, action, reply) {
  const body = { session: data.session, taskId: data.taskId, askTs: data.askTs, action };
  if (action === 'answer') body.answer = reply;
  let why;
  try {
    const response = await fetch('/v1/web/ask', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Roo-Web': '1' },
      body: JSON.stringify(body),
    });
    if (response.ok) return;
    const refusal = await response.json().catch(() => ({}));
    if (refusal.error === 'stale_ask') why = 'This was already answered';
    else why = typeof refusal.message === 'string' ? refusal.message : `the relay answered ${response.status}`;
  } catch {
    why = 'the relay could not be reached';
  }
  await self.registration.showNotification('Nothing was done', {
    body: `${why.replace(/\.$/, '')}. Tap to open the session.`,
    tag: `session:${data.session}`,
    data: { session: data.session },
  });
}

self.addEventListener('notificationclick', (event) => {
  event.notification.close();
  const data = event.notification.data || {};
  const session = data.session;
  if (typeof session !== 'string') return;
  const reply = typeof event.reply === 'string' ? event.reply.trim() : '';
  if (
    event.action === 'approve' ||
    event.action === 'deny' ||
    event.action === 'retry' ||
    (event.action === 'answer' && reply)
  ) {
    event.waitUntil(act(data, event.action, reply));
    return;
  }
  const target = new URL(`/session?id=${encodeURIComponent(session)}`, self.location.origin).href;
  event.waitUntil(
    self.clients.matchAll({ type: 'window', includeUncontrolled: true }).then((windows) => {
      const open = windows.find((w) => new URL(w.url).origin === self.location.origin);
      if (open) return open.navigate(target).then((w) => (w || open).focus());
      return self.clients.openWindow(target);
    }),
  );
});
