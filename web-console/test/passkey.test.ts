import { describe, expect, it } from 'vitest';
import {
  type Credentials,
  createPasskey,
  creationOptions,
  credentialJson,
  fromBase64url,
  PasskeyError,
  passkeysSupported,
  requestOptions,
  toBase64url,
  usePasskey,
} from '../src/core/passkey';

const bytes = (...b: number[]) => new Uint8Array(b).buffer;

/** A credential as `navigator.credentials.get` gives it, with the fields the relay reads. */
function assertion(): PublicKeyCredential {
  return {
    id: 'AQID',
    rawId: bytes(1, 2, 3),
    type: 'public-key',
    authenticatorAttachment: 'platform',
    response: {
      clientDataJSON: new TextEncoder().encode('{"type":"webauthn.get"}').buffer,
      authenticatorData: bytes(9, 9),
      signature: bytes(0xfb, 0xff),
      userHandle: bytes(7),
    },
    getClientExtensionResults: () => ({}),
  } as unknown as PublicKeyCredential;
}

function store(answer: () => Promise<Credential | null>): Credentials & { seen: CredentialCreationOptions[] } {
  const seen: CredentialCreationOptions[] = [];
  return {
    seen,
    create: (o?: CredentialCreationOptions) => {
      seen.push(o!);
      return answer();
    },
    get: (o?: CredentialRequestOptions) => {
      seen.push(o as CredentialCreationOptions);
      return answer();
    },
  };
}

describe('base64url', () => {
  it('round-trips bytes without padding, with - and _ for + and /', () => {
    expect(toBase64url(bytes(0xfb, 0xff))).toBe('-_8');
    expect(toBase64url(new Uint8Array([1, 2, 3, 4]))).toBe('AQIDBA');
    expect(new Uint8Array(fromBase64url('-_8'))).toEqual(new Uint8Array([0xfb, 0xff]));
    expect(new Uint8Array(fromBase64url('AQIDBA'))).toEqual(new Uint8Array([1, 2, 3, 4]));
    expect(fromBase64url('').byteLength).toBe(0);
    const all = new Uint8Array(256).map((_, i) => i);
    expect(new Uint8Array(fromBase64url(toBase64url(all)))).toEqual(all);
  });

  it('refuses text that is not base64url', () => {
    expect(() => fromBase64url('a+b/')).toThrow(PasskeyError);
    expect(() => fromBase64url('abc=')).toThrow('malformed');
  });

  it('reads a view at its own offset', () => {
    const view = new Uint8Array([0, 1, 2, 3]).subarray(1, 3);
    expect(toBase64url(view)).toBe(toBase64url(bytes(1, 2)));
  });
});

describe('options and answers', () => {
  it('turns the relay options into what navigator.credentials takes', () => {
    const made = creationOptions({
      challenge: 'AQID',
      rp: { id: 'localhost', name: 'Roo Remote' },
      user: { id: 'BwgJ', name: 'bob', displayName: 'bob' },
      pubKeyCredParams: [{ type: 'public-key', alg: -7 }],
      authenticatorSelection: { residentKey: 'preferred', userVerification: 'required' },
      excludeCredentials: [{ type: 'public-key', id: 'CgsM' }],
    });
    expect(new Uint8Array(made.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(made.user.id as ArrayBuffer)).toEqual(new Uint8Array([7, 8, 9]));
    expect(new Uint8Array(made.excludeCredentials![0].id as ArrayBuffer)).toEqual(new Uint8Array([10, 11, 12]));
    expect(made.authenticatorSelection?.userVerification).toBe('required');

    const asked = requestOptions({ challenge: 'AQID', rpId: 'localhost', allowCredentials: [{ type: 'public-key', id: 'CgsM' }] });
    expect(asked.rpId).toBe('localhost');
    expect(new Uint8Array(asked.allowCredentials![0].id as ArrayBuffer)).toEqual(new Uint8Array([10, 11, 12]));
  });

  it('writes an assertion as the JSON the relay reads', () => {
    expect(credentialJson(assertion())).toEqual({
      id: 'AQID',
      rawId: 'AQID',
      type: 'public-key',
      authenticatorAttachment: 'platform',
      response: {
        clientDataJSON: toBase64url(new TextEncoder().encode('{"type":"webauthn.get"}')),
        authenticatorData: 'CQk',
        signature: '-_8',
        userHandle: 'Bw',
      },
      clientExtensionResults: {},
    });
  });

  it('writes a registration with its attestation and transports', () => {
    const made = {
      ...assertion(),
      response: {
        clientDataJSON: bytes(1),
        attestationObject: bytes(2, 3),
        getTransports: () => ['internal'],
      },
      getClientExtensionResults: () => ({ credProps: { rk: true } }),
    } as unknown as PublicKeyCredential;
    expect(credentialJson(made).response).toEqual({ clientDataJSON: 'AQ', attestationObject: 'AgM', transports: ['internal'] });
    expect(credentialJson(made).clientExtensionResults).toEqual({ credProps: { rk: true } });
  });
});

describe('asking the browser', () => {
  it('passes the decoded challenge and gives back the answer', async () => {
    const credentials = store(async () => assertion());
    const answer = await usePasskey({ challenge: 'AQID', rpId: 'localhost', userVerification: 'required' }, credentials);
    expect(answer.response.signature).toBe('-_8');
    const asked = (credentials.seen[0] as unknown as CredentialRequestOptions).publicKey!;
    expect(new Uint8Array(asked.challenge as ArrayBuffer)).toEqual(new Uint8Array([1, 2, 3]));
  });

  it('says so in words when the person cancels or the device has no passkey', async () => {
    const cancelled = store(() => Promise.reject(new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError')));
    await expect(usePasskey({ challenge: 'AQID' }, cancelled)).rejects.toMatchObject({
      reason: 'cancelled',
      message: expect.stringContaining('cancelled or timed out'),
    });
    await expect(usePasskey({ challenge: 'AQID' }, store(async () => null))).rejects.toMatchObject({ reason: 'cancelled' });
  });

  it('says a device already has a passkey, or that the address is refused', async () => {
    const options = {
      challenge: 'AQID',
      rp: { name: 'Roo' },
      user: { id: 'AQ', name: 'bob', displayName: 'bob' },
      pubKeyCredParams: [{ type: 'public-key' as const, alg: -7 }],
    };
    await expect(createPasskey(options, store(() => Promise.reject(new DOMException('x', 'InvalidStateError'))))).rejects.toMatchObject({
      reason: 'exists',
    });
    await expect(createPasskey(options, store(() => Promise.reject(new DOMException('x', 'SecurityError'))))).rejects.toMatchObject({
      reason: 'insecure',
    });
  });

  it('says when the browser has no WebAuthn', async () => {
    expect(passkeysSupported(undefined)).toBe(false);
    await expect(usePasskey({ challenge: 'AQID' }, undefined)).rejects.toMatchObject({
      reason: 'unsupported',
      message: expect.stringContaining('cannot use passkeys'),
    });
  });
});
