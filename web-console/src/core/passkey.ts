/**
 * Passkeys (WebAuthn) in the browser: the relay sends options as JSON with byte fields in base64url,
 * `navigator.credentials` wants ArrayBuffers, and its answer goes back as JSON again
 * (`PublicKeyCredential.toJSON`'s shape, written out here because not every browser has it).
 */

/** What the relay answers when a sign-in needs a passkey as its second step. */
export interface PasskeyChallenge {
  passkeyRequired: true;
  pending: string;
  user?: string;
  publicKey: RequestOptionsJson;
}

export interface CredentialDescriptorJson {
  type: 'public-key';
  id: string;
  transports?: string[];
}

export interface RequestOptionsJson {
  challenge: string;
  rpId?: string;
  timeout?: number;
  userVerification?: UserVerificationRequirement;
  allowCredentials?: CredentialDescriptorJson[];
}

export interface CreationOptionsJson {
  challenge: string;
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  pubKeyCredParams: { type: 'public-key'; alg: number }[];
  timeout?: number;
  authenticatorSelection?: AuthenticatorSelectionCriteria;
  attestation?: AttestationConveyancePreference;
  excludeCredentials?: CredentialDescriptorJson[];
}

/** A passkey's answer, ready for JSON.stringify. */
export interface CredentialJson {
  id: string;
  rawId: string;
  type: string;
  authenticatorAttachment?: string | null;
  response: Record<string, string | string[] | undefined>;
  clientExtensionResults: Record<string, unknown>;
}

/** Why a passkey could not be used, in words for the person. */
export class PasskeyError extends Error {
  constructor(
    readonly reason: 'unsupported' | 'cancelled' | 'exists' | 'insecure' | 'failed',
    message: string,
  ) {
    super(message);
    this.name = 'PasskeyError';
  }
}

export function toBase64url(bytes: ArrayBuffer | ArrayBufferView): string {
  // isView rather than instanceof: buffers from another realm (a frame, a test runner) count too.
  const view = ArrayBuffer.isView(bytes)
    ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    : new Uint8Array(bytes);
  let binary = '';
  for (const b of view) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64url(text: string): ArrayBuffer {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) throw new PasskeyError('failed', 'The relay sent a malformed passkey value.');
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (text.length % 4)) % 4);
  const binary = atob(padded);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes.buffer;
}

function descriptors(list: CredentialDescriptorJson[] | undefined): PublicKeyCredentialDescriptor[] | undefined {
  return list?.map((c) => ({ type: c.type, id: fromBase64url(c.id), transports: c.transports as AuthenticatorTransport[] }));
}

export function creationOptions(json: CreationOptionsJson): PublicKeyCredentialCreationOptions {
  return {
    ...json,
    challenge: fromBase64url(json.challenge),
    user: { ...json.user, id: fromBase64url(json.user.id) },
    excludeCredentials: descriptors(json.excludeCredentials),
  };
}

export function requestOptions(json: RequestOptionsJson): PublicKeyCredentialRequestOptions {
  return { ...json, challenge: fromBase64url(json.challenge), allowCredentials: descriptors(json.allowCredentials) };
}

/** The JSON the relay reads from a credential `create` or `get` gave. */
export function credentialJson(credential: PublicKeyCredential): CredentialJson {
  const r = credential.response as AuthenticatorResponse & Partial<AuthenticatorAttestationResponse> &
    Partial<AuthenticatorAssertionResponse>;
  const response: CredentialJson['response'] = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject);
    if (typeof r.getTransports === 'function') response.transports = r.getTransports();
  }
  if (r.authenticatorData) response.authenticatorData = toBase64url(r.authenticatorData);
  if (r.signature) response.signature = toBase64url(r.signature);
  if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    authenticatorAttachment: credential.authenticatorAttachment ?? undefined,
    response,
    clientExtensionResults: credential.getClientExtensionResults() as Record<string, unknown>,
  };
}

/** The browser's credential store, if it can do passkeys here (secure page, WebAuthn present). */
export type Credentials = Pick<CredentialsContainer, 'create' | 'get'>;

function browserCredentials(): Credentials | undefined {
  if (typeof window === 'undefined' || typeof window.PublicKeyCredential === 'undefined') return undefined;
  return navigator.credentials ?? undefined;
}

export function passkeysSupported(credentials: Credentials | undefined = browserCredentials()): boolean {
  return credentials !== undefined;
}

const UNSUPPORTED =
  'This browser cannot use passkeys here: it needs WebAuthn and a secure page (HTTPS, or localhost).';

/** Makes a new passkey with the relay's options; throws {@link PasskeyError} saying what went wrong. */
export async function createPasskey(
  options: CreationOptionsJson,
  credentials: Credentials | undefined = browserCredentials(),
): Promise<CredentialJson> {
  if (!credentials) throw new PasskeyError('unsupported', UNSUPPORTED);
  try {
    const made = await credentials.create({ publicKey: creationOptions(options) });
    if (!made) throw new PasskeyError('cancelled', 'No passkey was made. Try again.');
    return credentialJson(made as PublicKeyCredential);
  } catch (e) {
    throw words(e, 'create');
  }
}

/** Signs the relay's challenge with one of the person's passkeys. */
export async function usePasskey(
  options: RequestOptionsJson,
  credentials: Credentials | undefined = browserCredentials(),
): Promise<CredentialJson> {
  if (!credentials) throw new PasskeyError('unsupported', UNSUPPORTED);
  try {
    const got = await credentials.get({ publicKey: requestOptions(options) });
    if (!got) throw new PasskeyError('cancelled', 'No passkey was used. Try again.');
    return credentialJson(got as PublicKeyCredential);
  } catch (e) {
    throw words(e, 'get');
  }
}

function words(e: unknown, what: 'create' | 'get'): PasskeyError {
  if (e instanceof PasskeyError) return e;
  const name = e instanceof Error || (typeof e === 'object' && e !== null && 'name' in e) ? (e as Error).name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'AbortError':
      return new PasskeyError(
        'cancelled',
        what === 'create'
          ? 'No passkey was made: it was cancelled or timed out. Try again.'
          : 'No passkey was used: it was cancelled or timed out, or this device has none for this account. Try again.',
      );
    case 'InvalidStateError':
      return new PasskeyError('exists', 'This device already has a passkey for this account on this relay.');
    case 'SecurityError':
      return new PasskeyError('insecure', 'The browser refused passkeys for this address: open the relay by its host name over HTTPS.');
    case 'NotSupportedError':
      return new PasskeyError('unsupported', UNSUPPORTED);
    default:
      return new PasskeyError('failed', `The passkey did not work: ${e instanceof Error ? e.message : String(e)}`);
  }
}
