import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import type { WebAuth } from '../src/core/auth';
import { PasskeyStep } from '../src/ui/PasskeyStep';
import { Passkeys } from '../src/ui/Passkeys';

let root: HTMLElement;

async function draw(node: preact.ComponentChild): Promise<HTMLElement> {
  root = document.createElement('div');
  document.body.appendChild(root);
  await act(async () => {
    render(node, root);
    await new Promise((r) => setTimeout(r, 0));
  });
  return root;
}

afterEach(() => {
  render(null, root);
  root.remove();
});

// jsdom has no WebAuthn, like a browser without it or a page that is not a secure context.
describe('without WebAuthn', () => {
  it('the passkey list says why none can be added here', async () => {
    const auth = { passkeys: async () => [] } as unknown as WebAuth;
    const el = await draw(<Passkeys auth={auth} />);
    expect(el.querySelector('#no-passkeys')?.textContent).toContain('password alone signs in');
    expect(el.querySelector('#add-passkey')).toBeNull();
    expect(el.querySelector('#passkeys-unsupported')?.textContent).toContain('needs WebAuthn and a secure page');
  });

  it('lists the passkeys there are, each removable', async () => {
    const auth = {
      passkeys: async () => [{ id: 'a1', name: "Bob's laptop", createdAt: 0 }],
    } as unknown as WebAuth;
    const el = await draw(<Passkeys auth={auth} />);
    expect(el.querySelector('[data-passkey="a1"] .passkey-name')?.textContent).toBe("Bob's laptop");
    expect(el.querySelector('[data-passkey="a1"] .remove-passkey')).not.toBeNull();
  });

  it('the sign-in step says so and offers to start over, sending nothing', async () => {
    let sent = false;
    const auth = {
      finishWithPasskey: async () => {
        sent = true;
        throw new Error('not reached');
      },
    } as unknown as WebAuth;
    const challenge = { passkeyRequired: true as const, pending: 'p', user: 'bob', publicKey: { challenge: 'AQID' } };
    const el = await draw(<PasskeyStep auth={auth} challenge={challenge} onSignedIn={() => {}} onRestart={() => {}} />);
    expect(el.querySelector('#passkey-error')?.textContent).toContain('cannot use passkeys');
    expect(el.querySelector('#passkey-restart')).not.toBeNull();
    expect(sent).toBe(false);
  });
});
