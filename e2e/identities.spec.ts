import type { BrowserContext, Locator, Page } from '@playwright/test';
import { createProfile } from '../src/core/profile/presets';
import {
  expect,
  test as base,
  clipboardReader,
  rowAction,
  signInThrough,
  type Extension,
} from './extension';
import { CREDENTIALS } from './servers/all';
import { startDot, type DotServer } from './servers/dot';
import { subjectOf } from './servers/oidc';

/** Where the test web app serves the SDK (a string, so TypeScript does not resolve it). */
const SDK_URL: string = '/sdk/token-keeper.js';

/** Runs the page SDK's `getToken` in a web page, answering the consent window if one opens. */
async function pageToken(
  context: BrowserContext,
  page: Page,
  target: string | { provider: string; identity: string },
): Promise<{ token: string; consent?: string }> {
  const prompt = context
    .waitForEvent('page', { predicate: (p) => p.url().includes('/src/consent/'), timeout: 8000 })
    .then(async (window) => {
      await window.waitForLoadState('domcontentloaded');
      const text = await window.locator('main').innerText();
      await window.getByRole('button', { name: 'Allow' }).click();
      return text;
    })
    .catch(() => undefined);
  const token = await page.evaluate(
    async ({ target, sdkUrl }) => {
      const sdk = (await import(sdkUrl)) as {
        getToken: (t: unknown, o: object) => Promise<{ accessToken: string }>;
      };
      return (await sdk.getToken(target, { timeoutMs: 20_000 })).accessToken;
    },
    { target, sdkUrl: SDK_URL },
  );
  const consent = await prompt;
  return { token, ...(consent !== undefined && { consent }) };
}

/** A popup row of one identity, by its name. */
const identityRow = (extension: Extension, provider: string, name: string): Locator =>
  extension.page.locator(`[data-provider="${provider}"] [data-identity="${name}"]`);

base(
  'oidc-provider: two users side by side, each token its own user’s; Copy, the header and pages follow the identity chosen',
  async ({ context, extension, servers, profiles }) => {
    base.setTimeout(120_000);
    const [webapp] = servers.webapps;
    const { page } = extension;
    const issuer = servers.oidc.url;
    // oidc-provider ends the tokens of a browser session when another user signs in there, unless
    // they were asked for offline_access (its `expiresWithSession`), which it grants only with
    // prompt=consent: two identities need both.
    const found = await extension.ask({ type: 'discover', profile: profiles.oidc });
    if (!found.ok) throw new Error(found.error.message);
    const discovered = found.value.profile;
    if (discovered.signIn.kind !== 'authorization_code') throw new Error('not a code flow');
    await extension.save({
      ...discovered,
      name: 'OIDC',
      client: { ...discovered.client, scope: 'openid offline_access' },
      signIn: {
        ...discovered.signIn,
        authorizeParams: [{ name: 'prompt', in: 'query', value: 'consent' }],
      },
      inject: [`${webapp.url}/api/`],
    });
    await page.reload();
    const row = page.locator('[data-provider="oidc"]');

    // The first user connects as ever.
    let window = context.waitForEvent('page');
    await row.getByRole('button', { name: 'Connect' }).click();
    await signInThrough(await window, 'alice');
    await expect(row.getByTestId('status')).toHaveText('fresh');
    // One identity: the row looks as it always did.
    await expect(row.locator('[data-identity]')).toHaveCount(0);

    // Another user: the sign-in window asks who signs in, although alice's session is alive.
    window = context.waitForEvent('page');
    await (await rowAction(row, 'Sign in as someone else')).click();
    const second = await window;
    await expect(second.locator('input[name="login"]')).toBeVisible();
    const asked = servers.oidc.requests.filter((r) => r.path === '/auth').at(-1)?.query;
    expect(asked).toMatchObject({ prompt: 'login consent', max_age: '0' });
    await signInThrough(second, 'bob');
    await expect(page.getByRole('status')).toHaveText(
      'Sign in to OIDC as someone else: signed in as bob; the active identity is unchanged (Use switches to it)',
    );

    // The popup shows both, alice active; each token, checked by the provider, is its user's.
    const alice = identityRow(extension, 'oidc', 'alice');
    const bob = identityRow(extension, 'oidc', 'bob');
    await expect(alice.getByTestId('active')).toBeVisible();
    await expect(bob.getByTestId('active')).toHaveCount(0);
    await expect(alice.getByTestId('status')).toHaveText('fresh');
    await expect(bob.getByTestId('status')).toHaveText('fresh');
    await expect(bob.getByTestId('access-countdown')).toBeVisible();
    const view = await extension.view('oidc');
    const keyOf = (name: string) => view.identities?.find((i) => i.identityName === name)?.identity;
    const tokenOf = async (name: string) => {
      const reply = await extension.ask({
        type: 'getToken',
        providerId: 'oidc',
        identity: keyOf(name) ?? '',
      });
      if (!reply.ok) throw new Error(reply.error.message);
      return reply.value.accessToken;
    };
    expect(await subjectOf(issuer, await tokenOf('alice'))).toBe('alice');
    expect(await subjectOf(issuer, await tokenOf('bob'))).toBe('bob');

    // Copy on bob's row copies bob's token.
    const clipboard = await clipboardReader(context, webapp.url);
    await page.bringToFront();
    await bob.getByRole('button', { name: 'Copy OIDC (bob) token' }).click();
    await expect(page.getByRole('status')).toHaveText('Copied the OIDC (bob) token');
    expect(await subjectOf(issuer, await clipboard())).toBe('bob');

    // The API gets alice's token, then bob's on its next request after one click on Use.
    const app = await context.newPage();
    await app.goto(`${webapp.url}/blank`);
    const headerNow = async () => {
      await app.evaluate(() => fetch('/api/me').then((r) => r.status));
      const sent = webapp.requests.filter((r) => r.path === '/api/me').at(-1);
      return (sent?.headers['authorization'] ?? '').replace(/^Bearer /, '');
    };
    expect(await subjectOf(issuer, await headerNow())).toBe('alice');
    const fromPage = await pageToken(context, app, 'oidc');
    expect(fromPage.consent).toContain('signed in as alice');
    expect(await subjectOf(issuer, fromPage.token)).toBe('alice');

    await page.bringToFront();
    await bob.getByRole('button', { name: 'Use OIDC (bob)' }).click();
    await expect(bob.getByTestId('active')).toBeVisible();
    expect(await subjectOf(issuer, await headerNow())).toBe('bob');
    // Pages that name no identity now get bob's; one that names alice gets hers, with no new window.
    expect(await subjectOf(issuer, (await pageToken(context, app, 'oidc')).token)).toBe('bob');
    const named = await pageToken(context, app, { provider: 'oidc', identity: 'alice' });
    expect(named.consent).toBeUndefined();
    expect(await subjectOf(issuer, named.token)).toBe('alice');
    const access = await extension.ask({ type: 'listAccess' });
    expect(access.ok && access.value.audit.map((a) => a.identity)).toEqual([
      'alice',
      'bob',
      'alice',
    ]);

    // Removing alice revokes her refresh token only; bob keeps working.
    await page.bringToFront();
    await (await rowAction(alice, 'Remove identity')).click();
    await expect(page.getByRole('status')).toHaveText(
      /^Disconnect OIDC \(alice\): Disconnected; the refresh token was revoked at the provider\.$/,
    );
    await expect(row.locator('[data-identity]')).toHaveCount(0);
    await expect(row.getByTestId('status')).toHaveText('fresh');
    expect(await subjectOf(issuer, await headerNow())).toBe('bob');
  },
);

const test = base.extend<{ dot: DotServer }>({
  dot: async ({}, use) => {
    const dot = await startDot(300, [{ username: 'viewer', password: CREDENTIALS.user.password }]);
    await use(dot);
    await dot.stop();
  },
});

/** Django's admin login, then DOT's own consent page, as `username`. */
async function dotSignIn(window: Page, username: string) {
  await window.getByRole('textbox', { name: 'Username' }).fill(username);
  await window.getByLabel('Password').fill(CREDENTIALS.user.password);
  await window.getByRole('button', { name: 'Log in' }).click();
  await window.getByRole('button', { name: 'Authorize' }).click();
}

test('Django OAuth Toolkit (ignores prompt=login): the same user again is said and renewed; after signing out there, a second user, checked by DOT’s API', async ({
  context,
  extension,
  dot,
}) => {
  test.setTimeout(120_000);
  const { page } = extension;
  await extension.save({
    ...createProfile('oidc', { id: 'dot', base: dot.issuer }),
    name: 'DOT',
    client: { issuer: dot.issuer, clientId: dot.clientId, scope: 'openid' },
  });
  await page.reload();
  const row = page.locator('[data-provider="dot"]');
  let window = context.waitForEvent('page');
  await row.getByRole('button', { name: 'Connect' }).click();
  await dotSignIn(await window, CREDENTIALS.user.username);
  await expect(row.getByTestId('status')).toHaveText('fresh');

  // DOT 1.7 ignores prompt=login: Django's session signs the same user in; Token Keeper says so
  // and keeps one identity, its tokens renewed.
  window = context.waitForEvent('page');
  await (await rowAction(row, 'Sign in as someone else')).click();
  await (await window).getByRole('button', { name: 'Authorize' }).click();
  await expect(page.getByRole('status')).toHaveText(
    /as someone else: signed in as 1 again: that identity was already here, its tokens are renewed$/,
  );
  await expect(row.locator('[data-identity]')).toHaveCount(0);

  // The README's way: sign out of the Django site in a tab, then sign in as someone else.
  const tab = await context.newPage();
  await tab.goto(`${dot.url}/admin/logout/`);
  await tab.close();
  await page.bringToFront();
  window = context.waitForEvent('page');
  await (await rowAction(row, 'Sign in as someone else')).click();
  await dotSignIn(await window, 'viewer');
  await expect(row.locator('[data-identity]')).toHaveCount(2);

  // DOT's ID token names a user by its number: the user renames one, and the name is refused
  // where it clashes.
  const second = identityRow(extension, 'dot', '2');
  await (await rowAction(second, 'Rename DOT (2)')).click();
  const name = second.getByRole('textbox', { name: 'Name' });
  await name.fill('1');
  await second.getByRole('button', { name: 'Save name' }).click();
  await expect(second.getByRole('alert')).toHaveText(
    'Another identity of this provider is called “1”.',
  );
  await name.fill('viewer');
  await second.getByRole('button', { name: 'Save name' }).click();
  const viewer = identityRow(extension, 'dot', 'viewer');
  await expect(viewer.getByTestId('status')).toHaveText('fresh');

  // DOT's protected view says whose each token is.
  const view = await extension.view('dot');
  for (const [identity, user] of [
    ['1', CREDENTIALS.user.username],
    ['viewer', 'viewer'],
  ] as const) {
    const key = view.identities?.find((i) => i.identityName === identity)?.identity ?? '';
    const reply = await extension.ask({ type: 'getToken', providerId: 'dot', identity: key });
    if (!reply.ok) throw new Error(reply.error.message);
    const me = await fetch(`${dot.url}/api/me`, {
      headers: { authorization: `Bearer ${reply.value.accessToken}` },
    });
    expect(await me.json()).toEqual({ user });
  }
});
