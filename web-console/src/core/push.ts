import type { RelayConnection } from './connection';

/**
 * Asks the person for notifications, subscribes this browser with the relay's key and hands the
 * subscription to the relay (`push_subscribe`). Resolves with what to tell the person.
 */
export async function enableNotifications(conn: RelayConnection, pushKey: string | undefined): Promise<string> {
  if (!pushKey || !('serviceWorker' in navigator) || !('PushManager' in window) || !('Notification' in window)) {
    return 'This browser cannot receive notifications from the relay (on an iPhone: add the console to the home screen first).';
  }
  const permission = await Notification.requestPermission();
  if (permission !== 'granted') return 'Notifications are blocked for this page; allow them in the browser settings.';
  const registration = await navigator.serviceWorker.ready;
  const subscription =
    (await registration.pushManager.getSubscription()) ??
    (await registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: pushKey }));
  const json = subscription.toJSON();
  await conn.request({
    type: 'push_subscribe',
    endpoint: json.endpoint,
    p256dh: json.keys?.p256dh,
    auth: json.keys?.auth,
  });
  return 'This device is told when a session needs you and when a task finishes.';
}
