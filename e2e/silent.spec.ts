import { createProfile } from '../src/core/profile/presets';
import { expect, test } from './extension';
import { CREDENTIALS } from './servers/all';
import { startDot } from './servers/dot';
import { subjectOf } from './servers/oidc';

test('oidc-provider: past the refresh token’s end the token stays valid with no user action (prompt=none through the session); once the session has ended, the popup asks to sign in and says why', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(150_000);
  const { oidc } = servers;
  // Refresh tokens end long before the session (14 days): 20 s, with 40 s access tokens.
  oidc.settings.accessSeconds = 40;
  oidc.settings.refreshSeconds = 20;
  await extension.connected(profiles.oidc);
  const first = await extension.accessToken('oidc');
  const signIns = () => oidc.requests.filter((r) => r.path === '/auth');
  const codeExchanges = () =>
    oidc.tokenRequests().filter((r) => r.form?.['grant_type'] === 'authorization_code');
  expect(signIns()).toHaveLength(1);

  // The alarm's refresh is refused (the refresh token ended); a sign-in without a window follows.
  await expect.poll(() => codeExchanges().length, { timeout: 60_000, intervals: [1000] }).toBe(2);
  const silent = signIns().at(-1);
  expect(silent?.query['prompt']).toBe('none');
  const refused = oidc.tokenRequests().filter((r) => r.form?.['grant_type'] === 'refresh_token');
  expect(refused.length).toBeGreaterThanOrEqual(1);
  const view = await extension.view('oidc');
  expect(view.status).toBe('fresh');
  const second = await extension.accessToken('oidc');
  expect(second).not.toBe(first);
  expect(await subjectOf(oidc.url, second)).toBe('tester');
  // No window was shown: the browser never had a page beyond the test's own.
  expect(context.pages().filter((p) => p.url().startsWith(oidc.url))).toEqual([]);

  // The provider's session ends (its cookies are gone): the next silent sign-in is refused.
  await context.clearCookies();
  await expect
    .poll(async () => (await extension.view('oidc')).status, { timeout: 60_000, intervals: [1000] })
    .toBe('needs-sign-in');
  expect(signIns().at(-1)?.query['prompt']).toBe('none');
  const { page } = extension;
  await page.reload();
  const reason = page.locator('[data-provider="oidc"]').getByTestId('reason');
  await expect(reason).toContainText('signing in again without a window did not work');
  await expect(reason).toContainText('login_required');
  await expect(reason).toContainText('Sign in again.');
});

test('Django OAuth Toolkit (a real server): an administrator revokes the refresh token in its database; the refresh is refused and a sign-in without a window through Django’s session brings a token DOT accepts', async ({
  context,
  extension,
}) => {
  test.setTimeout(120_000);
  // An in-house client (no consent page), as a company registers its own tools.
  const dot = await startDot(300, [], { inHouse: true });
  try {
    await extension.save({
      ...createProfile('oidc', { id: 'dot', base: dot.issuer }),
      name: 'DOT',
      client: { issuer: dot.issuer, clientId: dot.clientId, scope: 'openid' },
    });
    // DOT 1.7 answers prompt=none with a server error (its validator lacks oauthlib's
    // validate_silent_login): the profile's switch for such servers sends the request without it.
    const stored = await extension.ask({ type: 'getProfile', providerId: 'dot' });
    if (!stored.ok || stored.value.profile.signIn.kind !== 'authorization_code')
      throw new Error('the DOT profile was not saved as a code flow');
    const { profile } = stored.value;
    const saved = await extension.ask({
      type: 'saveProfile',
      profile: { ...profile, signIn: { ...profile.signIn, silentPrompt: false } },
      keepSecrets: true,
    });
    expect(saved.ok).toBe(true);
    const window = context.waitForEvent('page');
    const connecting = extension.ask({ type: 'connect', providerId: 'dot' });
    const signIn = await window;
    await signIn.getByRole('textbox', { name: 'Username' }).fill(CREDENTIALS.user.username);
    await signIn.getByLabel('Password').fill(CREDENTIALS.user.password);
    await signIn.getByRole('button', { name: 'Log in' }).click();
    expect((await connecting).ok).toBe(true);
    const first = await extension.accessToken('dot');

    expect(await dot.revokeRefreshTokens()).toBe(1);
    const refreshed = await extension.ask({ type: 'refresh', providerId: 'dot' });
    expect(refreshed.ok ? 'ok' : refreshed.error.message).toBe('ok');
    const second = await extension.accessToken('dot');
    expect(second).not.toBe(first);
    const me = await fetch(`${dot.url}/api/me`, { headers: { authorization: `Bearer ${second}` } });
    expect(`${me.status} ${await me.text()}`).toBe('200 {"user": "tester"}');
    // The revoked one, then the one the sign-in without a window brought.
    expect(await dot.refreshTokens()).toEqual([{ revoked: true }, { revoked: false }]);
    const inspected = await extension.ask({ type: 'inspect', providerId: 'dot' });
    expect(inspected.ok && inspected.value.timeline[0]?.kind).toBe('sign-in');
    expect(context.pages().filter((p) => p.url().startsWith(dot.url))).toEqual([]);
  } finally {
    await dot.stop();
  }
});
