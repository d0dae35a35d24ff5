/**
 * The one-time pairing code a QR code carries in the address's fragment (`/#pair=CODE`): read once,
 * then removed from the address bar and the history entry, so it is neither shown nor kept.
 */
export function takePairingCode(
  loc: Pick<Location, 'hash' | 'pathname' | 'search'> = location,
  hist: Pick<History, 'replaceState'> = history,
): string | undefined {
  if (!loc.hash.startsWith('#')) return undefined;
  const params = new URLSearchParams(loc.hash.slice(1));
  const code = params.get('pair');
  if (code === null) return undefined;
  hist.replaceState(null, '', loc.pathname + loc.search);
  const trimmed = code.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** A name to start from for this device, from what the browser says it runs on. */
export function suggestedDeviceName(userAgent: string): string {
  if (/iPhone/.test(userAgent)) return 'iPhone';
  if (/iPad/.test(userAgent)) return 'iPad';
  if (/Android/.test(userAgent)) return /Mobile/.test(userAgent) ? 'Android phone' : 'Android tablet';
  return 'Browser';
}
