// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { suggestedDeviceName, takePairingCode } from '../src/core/pairing';

function at(hash: string) {
  const replaced: string[] = [];
  const loc = { hash, pathname: '/', search: '' };
  const hist = { replaceState: (_d: unknown, _t: string, url?: string | URL | null) => replaced.push(String(url)) };
  return { code: takePairingCode(loc, hist), replaced };
}

describe('takePairingCode', () => {
  it('reads the code from the fragment and takes it out of the address', () => {
    expect(at('#pair=q3K8xZr0bT6mW1yVn4PcAe9sLd2')).toEqual({ code: 'q3K8xZr0bT6mW1yVn4PcAe9sLd2', replaced: ['/'] });
  });
  it('leaves other addresses alone', () => {
    expect(at('')).toEqual({ code: undefined, replaced: [] });
    expect(at('#top')).toEqual({ code: undefined, replaced: [] });
  });
  it('drops an empty code from the address too', () => {
    expect(at('#pair=')).toEqual({ code: undefined, replaced: ['/'] });
  });
});

describe('suggestedDeviceName', () => {
  it('names phones by what they run', () => {
    expect(suggestedDeviceName('Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X)')).toBe('iPhone');
    expect(suggestedDeviceName('Mozilla/5.0 (Linux; Android 14; Pixel 8) Mobile Safari')).toBe('Android phone');
    expect(suggestedDeviceName('Mozilla/5.0 (X11; Linux x86_64)')).toBe('Browser');
  });
});
