import { describe, expect, it } from 'vitest';
import { fail } from '../core/failure';
import { fakePagePort } from '../browser/fakes';
import type { ProviderView } from '../shared/protocol';
import { createPopup } from './store';

const kc: ProviderView = {
  id: 'kc',
  name: 'Keycloak',
  preset: 'keycloak',
  signIn: 'authorization_code',
  status: 'fresh',
  expiresAt: 2000,
  injecting: ['https://api.example/v1/'],
};

const status = (...providers: ProviderView[]) => ({ providers });

describe('the popup’s store', () => {
  it('paints the snapshot at once and keeps a newer snapshot over an older answer', async () => {
    let answer: (value: unknown) => void = () => undefined;
    // The worker's answer is slow: the snapshot shows first, and a newer one wins over it.
    const port = fakePagePort({
      status: () => new Promise((resolve) => (answer = resolve)),
    });
    const popup = createPopup(port);
    const following = popup.follow();
    port.snapshot?.(status({ ...kc, status: 'refreshing' }));
    expect(popup.usePopup.getState().providers?.[0]?.status).toBe('refreshing');
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(port.asked).toEqual([{ type: 'status' }]);
    port.snapshot?.(status({ ...kc, status: 'fresh' }));
    answer(status({ ...kc, status: 'refreshing' }));
    await following;
    expect(popup.usePopup.getState().providers?.[0]?.status).toBe('fresh');
    port.snapshot?.({ not: 'a snapshot' });
    expect(popup.usePopup.getState().providers).toHaveLength(1);
  });

  it('says the worker’s reason for a failed Connect and hands back its sign-in help', async () => {
    const help = { redirectUri: 'https://id.chromiumapp.org/' };
    const port = fakePagePort({
      connect: fail('misconfigured', 'sign_in_page_failed', 'The sign-in page said 400', {
        signInHelp: help,
      }),
    });
    const popup = createPopup(port);
    expect(await popup.connect(kc)).toMatchObject({ signInHelp: help });
    expect(port.asked).toEqual([{ type: 'connect', providerId: 'kc' }]);
    expect(popup.usePopup.getState().message).toBe('Connect Keycloak: The sign-in page said 400');
  });

  it('sends a password sign-in’s credentials, and says when no worker answered', async () => {
    const port = fakePagePort({ connect: { expiresAt: 1 }, status: status(kc) });
    const popup = createPopup(port);
    expect(await popup.connect(kc, { username: 'u', password: 'p' })).toBeUndefined();
    expect(port.asked[0]).toEqual({
      type: 'connect',
      providerId: 'kc',
      credentials: { username: 'u', password: 'p' },
    });
    expect(popup.usePopup.getState().message).toBe('Connect Keycloak: done');
    port.gone = true;
    expect((await popup.refresh(kc, false))?.message).toMatch(/^no answer from Token Keeper/);
    expect(popup.usePopup.getState().message).toMatch(/^Refresh Keycloak: no answer/);
    // It asked again for the state, which wakes a new worker.
    expect(port.asked.at(-1)).toEqual({ type: 'status' });
  });

  it('copies a token with 30 s to live in the chosen format, or nothing and why', async () => {
    const port = fakePagePort({
      getToken: { accessToken: 'T', tokenType: 'bearer', expiresAt: 1 },
    });
    const popup = createPopup(port);
    await popup.copy(kc, 'curl');
    expect(port.asked).toEqual([{ type: 'getToken', providerId: 'kc', minValiditySeconds: 30 }]);
    expect(port.copied).toEqual([`curl -H 'Authorization: Bearer T' 'https://api.example/v1/'`]);
    expect(popup.usePopup.getState().message).toBe('Copied the Keycloak curl');
    await popup.copy({ ...kc, injecting: [] }, 'curl');
    expect(popup.usePopup.getState().message).toMatch(/no API prefix, so replace/);
    port.clipboardRefuses = true;
    await popup.copy(kc, 'header');
    expect(popup.usePopup.getState().message).toBe(
      'Copy: the browser refused the clipboard (Error: Document is not focused.)',
    );
    port.answers.getToken = fail('reauth', 'expired', 'Sign in again');
    port.clipboardRefuses = false;
    await popup.copy(kc, 'token');
    expect(port.copied).toHaveLength(2);
    expect(popup.usePopup.getState().message).toBe('Copy: Sign in again');
  });

  it('says what Disconnect did at the provider, and what a tester tool did', async () => {
    const port = fakePagePort({
      disconnect: { revoked: false, message: 'Disconnected; the refresh token stays valid.' },
      tester: { expiresAt: 0, clockShiftMs: 60_000 },
    });
    const popup = createPopup(port);
    await popup.disconnect(kc);
    expect(popup.usePopup.getState().message).toBe(
      'Disconnect Keycloak: Disconnected; the refresh token stays valid.',
    );
    await popup.tester(kc, { kind: 'shift', seconds: 60 });
    expect(port.asked.at(-1)).toEqual({
      type: 'tester',
      providerId: 'kc',
      action: { kind: 'shift', seconds: 60 },
    });
    expect(popup.usePopup.getState().message).toBe('Tester: the clock is shifted by 60 s');
  });

  it('asks about the row’s identity, and says what a sign-in as someone else did', async () => {
    const bob: ProviderView = { ...kc, name: 'Keycloak (bob)', identity: '2', identityName: 'bob' };
    const port = fakePagePort({
      getToken: { accessToken: 'bob-token', tokenType: 'Bearer', expiresAt: 2000 },
      useIdentity: { active: '2' },
      renameIdentity: fail(
        'misconfigured',
        'bad_identity_name',
        'Another identity of this provider is called “alice”.',
      ),
      connect: { expiresAt: 2000, identity: '3', name: 'carol', added: true },
    });
    const popup = createPopup(port);
    await popup.copy(bob, 'token');
    expect(port.asked.at(-1)).toEqual({
      type: 'getToken',
      providerId: 'kc',
      identity: '2',
      minValiditySeconds: 30,
    });
    expect(port.copied).toEqual(['bob-token']);
    expect(popup.usePopup.getState().message).toBe('Copied the Keycloak (bob) token');
    await popup.use(bob);
    expect(port.asked.at(-1)).toEqual({ type: 'useIdentity', providerId: 'kc', identity: '2' });
    expect(popup.usePopup.getState().message).toBe(
      'Use Keycloak (bob): it is now the active identity',
    );
    expect(await popup.rename(bob, 'alice')).toMatchObject({
      message: 'Another identity of this provider is called “alice”.',
    });
    // Adding signs in someone else: never "this identity again".
    await popup.connect(bob, undefined, true);
    expect(port.asked.at(-1)).toEqual({ type: 'connect', providerId: 'kc', add: {} });
    expect(popup.usePopup.getState().message).toBe(
      'Sign in to Keycloak (bob) as someone else: signed in as carol; the active identity is unchanged (Use switches to it)',
    );
    await popup.connect(bob);
    expect(port.asked.at(-1)).toEqual({ type: 'connect', providerId: 'kc', identity: '2' });
  });
});
