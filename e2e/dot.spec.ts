import { expect, test as base, clipboardReader, rowAction } from './extension';
import { CREDENTIALS } from './servers/all';
import { startDot, type DotServer } from './servers/dot';

/**
 * Django OAuth Toolkit from Debian, set up as its users set it up (OIDC on, PKCE required,
 * refresh tokens rotated with no grace period, Django's admin login, DOT's consent page), and
 * Token Keeper driven only through its own pages, as a new user would.
 */
const test = base.extend<{ dot: DotServer }>({
  dot: async ({}, use) => {
    const dot = await startDot(40);
    await use(dot);
    await dot.stop();
  },
});

test('Django OAuth Toolkit: added from the options page alone, connected, refreshed by its alarms with rotation, copied, revoked on Disconnect', async ({
  context,
  extension,
  servers,
  dot,
}) => {
  test.setTimeout(240_000);
  const { page } = extension;

  // Options page: the OpenID Connect preset, its issuer, the client id; Discover fills the rest.
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await page.getByRole('combobox').selectOption('oidc');
  await page.getByRole('textbox', { name: 'Issuer URL' }).fill(dot.issuer);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('textbox', { name: 'Client id' }).fill(dot.clientId);
  // Until discovery, the preset's endpoints are a guess, and the editor says so.
  await expect(page.getByTestId('unverified')).toBeVisible();
  const tokenEndpoint = page.getByRole('textbox', { name: /^Token endpoint/ });
  await expect(tokenEndpoint).toHaveAccessibleName('Token endpoint unverified');
  await page.getByRole('button', { name: 'Discover endpoints' }).click();
  // DOT moves its discovery document to a URL with a trailing slash: followed, same origin.
  await expect(tokenEndpoint).toHaveValue(`${dot.url}/o/token/`);
  await expect(tokenEndpoint).toHaveAccessibleName('Token endpoint verified');
  await expect(page.getByTestId('unverified')).toHaveCount(0);
  // It does not list offline_access (which it would refuse as invalid_scope): not asked for.
  await expect(page.getByRole('textbox', { name: 'Scope' })).toHaveValue('openid');
  // Its discovery names no revocation endpoint: the user adds DOT's own.
  await page
    .getByRole('textbox', { name: 'Revocation endpoint' })
    .fill(`${dot.url}/o/revoke_token/`);
  await page.getByRole('button', { name: 'Save' }).click();
  await expect(page.getByRole('status')).toHaveText(/^Saved /);
  const status = await extension.ask({ type: 'status' });
  const id = status.ok ? status.value.providers[0]?.id : undefined;
  if (id === undefined) throw new Error('the profile was not saved');

  // Popup: Connect, then DOT's own login and consent pages in the sign-in window.
  await page.goto(`chrome-extension://${extension.id}/src/popup/index.html`);
  const row = page.locator(`[data-provider="${id}"]`);
  const window = context.waitForEvent('page');
  await row.getByRole('button', { name: 'Connect' }).click();
  const signIn = await window;
  await signIn.getByRole('textbox', { name: 'Username' }).fill(CREDENTIALS.user.username);
  await signIn.getByLabel('Password').fill(CREDENTIALS.user.password);
  await signIn.getByRole('button', { name: 'Log in' }).click();
  await signIn.getByRole('button', { name: 'Authorize' }).click();
  await expect(row.getByTestId('status')).toHaveText('fresh');
  expect(await dot.refreshTokens()).toEqual([{ revoked: false }]);

  // Three refreshes by the alarms alone; DOT rotated the refresh token at each.
  await expect
    .poll(async () => (await dot.refreshTokens()).length, { timeout: 150_000, intervals: [2000] })
    .toBeGreaterThanOrEqual(4);
  const rows = await dot.refreshTokens();
  expect(rows.slice(0, 3)).toEqual([{ revoked: true }, { revoked: true }, { revoked: true }]);
  expect(rows.at(-1)).toEqual({ revoked: false });
  await expect(row.getByTestId('status')).toHaveText('fresh');

  // Copy, and DOT's protected view takes the token.
  const clipboard = await clipboardReader(context, servers.webapps[0].url);
  await page.bringToFront();
  await row.getByRole('button', { name: /token$/ }).click();
  await expect(page.getByRole('status')).toHaveText(/^Copied/);
  const token = await clipboard();
  const me = await fetch(`${dot.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
  expect(`${me.status} ${await me.text()}`).toBe('200 {"user": "tester"}');

  // Disconnect revokes at DOT, and says so.
  await page.bringToFront();
  await (await rowAction(row, 'Disconnect')).click();
  await expect(page.getByRole('status')).toHaveText(
    /: Disconnected; the refresh token was revoked at the provider\.$/,
  );
  expect((await dot.refreshTokens()).every((r) => r.revoked)).toBe(true);
});
