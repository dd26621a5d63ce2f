import type { Browser, Page } from 'puppeteer-core';
import { GECKO_ID } from '../src/build/firefox-manifest';
import { addresses, expect, pageWhere, press, test } from './firefox';
import {
  CREDENTIALS,
  FIREFOX_EXTENSION_UUID,
  FIREFOX_REDIRECT_URI,
  type Servers,
} from './servers/all';

const isConsent = (href: string) =>
  href.startsWith(`moz-extension://${FIREFOX_EXTENSION_UUID}/src/consent/`);

/** Clicks the demo web app's "Call API" and returns what it showed. */
async function callApi(app: Page): Promise<string | null> {
  await app.$eval('#out', (out) => (out.textContent = ''));
  await app.click('#call');
  await app.waitForFunction(() => document.querySelector('#out')?.textContent !== '');
  return app.$eval('#out', (out) => out.textContent);
}

async function openApp(browser: Browser, url: string): Promise<Page> {
  const app = await browser.newPage();
  await app.goto(`${url}/`);
  return app;
}

/** How many refresh requests the Keycloak test server got. */
const refreshes = (servers: Servers) =>
  servers.keycloak.requests.filter((r) => r.form?.['grant_type'] === 'refresh_token').length;

const lastToken = (app: Page) =>
  app.evaluate(() => (window as unknown as { lastToken: Record<string, unknown> }).lastToken);

test('the Firefox build installs with its add-on id, and signs in through Firefox’s window and redirect', async ({
  extension,
  servers,
  profiles,
  consoleLog,
}) => {
  // The leak check after each test reads Firefox's console from its stdout: it sees our pages.
  await extension.page.evaluate(() => console.warn('token-keeper: console check'));
  await expect
    .poll(() => consoleLog.lines.some((line) => line.includes('token-keeper: console check')))
    .toBe(true);

  const manifest = await extension.page.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.manifest_version).toBe(3);
  expect(manifest).toMatchObject({ browser_specific_settings: { gecko: { id: GECKO_ID } } });
  expect(manifest.background).toMatchObject({
    scripts: [`moz-extension://${FIREFOX_EXTENSION_UUID}/service-worker-loader.js`],
    type: 'module',
  });
  expect(await extension.page.evaluate(() => chrome.identity.getRedirectURL())).toBe(
    FIREFOX_REDIRECT_URI,
  );
  const granted = await extension.page.evaluate(() => chrome.permissions.getAll());
  expect(granted.origins).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  // The options page says what to register with a provider: this install's redirect and origin.
  const shown = (testId: string) =>
    extension.page.$eval(`[data-testid="${testId}"]`, (element) => element.textContent);
  expect(await shown('redirect-url')).toBe(FIREFOX_REDIRECT_URI);
  expect(await shown('extension-origin')).toBe(`moz-extension://${FIREFOX_EXTENSION_UUID}`);

  // oidc-provider: authorization code with PKCE, in identity.launchWebAuthFlow's window.
  await extension.connected(profiles.oidc);
  const token = await extension.accessToken('oidc');
  expect(servers.oidc.issued).toContain(token);
  const exchange = servers.oidc.tokenRequests().at(-1);
  expect(exchange?.form?.['redirect_uri']).toBe(FIREFOX_REDIRECT_URI);
  expect(exchange?.form?.['code_verifier']).toMatch(/^[\w-]{43,128}$/);
  // The install's own origin: a provider that checks it must allow this one (README).
  expect(exchange?.headers['origin']).toBe(`moz-extension://${FIREFOX_EXTENSION_UUID}`);
  expect((await extension.view('oidc')).status).toBe('fresh');
});

test('the popup runs in Firefox: state, a live countdown, Refresh now, Copy and Force expire', async ({
  extension,
  servers,
  profiles,
}) => {
  const { name } = profiles.keycloak;
  await extension.connected(profiles.keycloak);
  const first = await extension.accessToken('keycloak');
  const popup = await extension.showPopup();
  const text = (testId: string) =>
    popup.$eval(`[data-testid="${testId}"]`, (element) => element.textContent);
  await popup.waitForSelector('[data-testid="status"]');
  expect(await text('status')).toBe('fresh');
  const before = await text('access-countdown');
  await expect.poll(() => text('access-countdown'), { timeout: 5000 }).not.toBe(before);

  await press(popup, `More actions for ${name}`);
  await press(popup, 'Refresh now');
  await expect.poll(() => refreshes(servers)).toBe(1);
  const second = await extension.accessToken('keycloak');
  expect(second).not.toBe(first);
  expect(await text('status')).toBe('fresh');

  // The clipboard write resolved (the automation cannot read Firefox's clipboard back).
  const said = () => popup.$eval('[role="status"]', (status) => status.textContent);
  // Firefox lets an extension with clipboardWrite write while its document has the focus.
  await popup.bringToFront();
  await press(popup, `Copy ${name} token`);
  await expect.poll(said).toMatch(/^Cop/);
  expect(await said()).toBe(`Copied the ${name} token`);

  // Force expire, then a copy refreshes first.
  await press(popup, `${name} token details`);
  await press(popup, 'Force expire');
  await expect.poll(() => text('access-countdown')).toBe('expired');
  await press(popup, `Copy ${name} token`);
  await expect.poll(() => refreshes(servers)).toBe(2);
  expect(await extension.accessToken('keycloak')).not.toBe(second);
});

test('the options page asks Firefox for a site’s host permission from the click itself', async ({
  extension,
}) => {
  const options = extension.page;
  const site = 'https://app.example.test:8443';
  await options.locator('::-p-aria(Site origin)').fill(site);
  await press(options, 'Add site');
  await options.waitForSelector(`::-p-aria(Remove site ${site})`);
  const granted = await options.evaluate(() => chrome.permissions.getAll());
  // A host permission is for the host, every port: Firefox's patterns cannot name one.
  expect(granted.origins).toContain('https://app.example.test/*');
  const access = await extension.ask({ type: 'listAccess' });
  expect(access.ok && access.value.sites).toEqual([site]);
});

test('a page gets a token through the SDK and the bridge; another port of that host is refused unasked', async ({
  firefox,
  extension,
  servers,
  profiles,
}) => {
  const [allowed, otherPort] = servers.webapps;
  await extension.connected(profiles.keycloak);
  expect(await extension.ask({ type: 'addSite', origin: allowed.url })).toMatchObject({ ok: true });

  const app = await openApp(firefox, allowed.url);
  const shown = callApi(app);
  const consent = await pageWhere(firefox, isConsent);
  const asked = await consent.$eval('main', (main) => main.textContent);
  expect(asked).toContain(allowed.url);
  expect(asked).toContain('asks for an access token for Keycloak (apiax realm)');
  await press(consent, 'Allow');
  expect(await shown).toBe('200 {"user":"tester"}');
  expect(Object.keys(await lastToken(app)).sort()).toEqual([
    'accessToken',
    'expiresAt',
    'tokenType',
  ]);

  // Firefox's match patterns have no port, so the bridge also runs on the other port; the
  // worker refuses it all the same, without a prompt.
  expect(await callApi(await openApp(firefox, otherPort.url))).toBe(
    'error denied: This site is not on the list of sites allowed to ask Token Keeper.',
  );
  expect((await addresses(firefox)).filter(([, href]) => isConsent(href))).toEqual([]);
  const access = await extension.ask({ type: 'listAccess' });
  expect(access.ok && access.value.audit.map((a) => a.origin)).toEqual([allowed.url]);
});

test('the alarm refreshes a token before it expires, with nothing else asking, and the page gets the new one', async ({
  firefox,
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(120_000);
  const keycloak = servers.keycloak;
  // 40 s tokens: the refresh is due 30 s in (the alarm floor), before they expire.
  keycloak.settings = { ...keycloak.settings, accessSeconds: 40 };
  const [webapp] = servers.webapps;
  await extension.connected({ ...profiles.keycloak, inject: [`${webapp.url}/api/`] });
  await extension.ask({ type: 'addSite', origin: webapp.url });
  const first = await extension.accessToken('keycloak');

  const app = await openApp(firefox, webapp.url);
  const shown = callApi(app);
  await press(await pageWhere(firefox, isConsent), 'Allow');
  expect(await shown).toBe('200 {"user":"tester"}');
  expect((await lastToken(app))['accessToken']).toBe(first);

  await expect.poll(() => refreshes(servers), { timeout: 60_000, intervals: [1000] }).toBe(1);
  const second = await extension.accessToken('keycloak');
  expect(second).not.toBe(first);
  expect(keycloak.issued).toContain(second);

  expect(await callApi(app)).toBe('200 {"user":"tester"}');
  expect((await lastToken(app))['accessToken']).toBe(second);
  // The header rule followed the refresh too: a request without a header of its own.
  const plain = await app.evaluate(async () => {
    const res = await fetch('/api/me');
    return `${res.status} ${await res.text()}`;
  });
  expect(plain).toBe('200 {"user":"tester"}');
  expect(webapp.requests.at(-1)?.headers['authorization']).toBe(`Bearer ${second}`);
  expect(refreshes(servers)).toBe(1);
});

test('a page on another host gets the header once its profile names it in injectFrom, asked on Save', async ({
  firefox,
  extension,
  servers,
  profiles,
}) => {
  const [webapp] = servers.webapps;
  const app = `http://app.localhost:${new URL(webapp.url).port}`;
  const profile = { ...profiles.keycloak, inject: [`${webapp.url}/api/`], injectFrom: [app] };
  await extension.connected(profile);
  const page = await firefox.newPage();
  await page.goto(`${app}/blank`);
  const call = async () => {
    await page.evaluate(
      (url) => fetch(url, { mode: 'no-cors' }).then(() => undefined),
      `${webapp.url}/api/me`,
    );
    return webapp.requests.filter((r) => r.path === '/api/me').at(-1)?.headers['authorization'];
  };
  // Saved through a message, the profile has not asked for app.localhost yet.
  expect(await call()).toBeUndefined();

  // Back to the options tab: clicks in a background tab took 16 s here, in front well under 1 s.
  await extension.page.bringToFront();
  await press(extension.page, `Edit ${profile.name}`);
  await press(extension.page, 'Save');
  await extension.page.waitForSelector(`::-p-text(Saved ${profile.name})`);
  const granted = await extension.page.evaluate(() => chrome.permissions.getAll());
  expect(granted.origins).toContain('http://app.localhost/*');
  expect(await call()).toBe(`Bearer ${await extension.accessToken('keycloak')}`);
});

test('two identities of one provider: switching the active one moves the header, on the next request', async ({
  firefox,
  extension,
  servers,
  profiles,
}) => {
  const [webapp] = servers.webapps;
  await extension.connected({ ...profiles.keycloak, inject: [`${webapp.url}/api/`] });
  const added = await extension.ask({
    type: 'connect',
    providerId: 'keycloak',
    add: {},
    credentials: CREDENTIALS.viewer,
  });
  expect(added).toMatchObject({ ok: true, value: { name: 'viewer', added: true } });
  const view = await extension.view('keycloak');
  expect(view.identities?.map((i) => [i.identityName, i.active])).toEqual([
    ['tester', true],
    ['viewer', false],
  ]);
  const app = await openApp(firefox, webapp.url);
  const plain = () =>
    app.evaluate(async () => {
      const res = await fetch('/api/me');
      return `${res.status} ${await res.text()}`;
    });
  expect(await plain()).toBe('200 {"user":"tester"}');
  const viewer = view.identities?.find((i) => i.identityName === 'viewer')?.identity ?? '';
  expect(
    await extension.ask({ type: 'useIdentity', providerId: 'keycloak', identity: viewer }),
  ).toEqual({ ok: true, value: { active: viewer } });
  expect(await plain()).toBe('200 {"user":"viewer"}');
});

test('past the refresh token’s end, Firefox signs in again without a window through the provider’s session (prompt=none)', async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(120_000);
  const { oidc } = servers;
  oidc.settings.accessSeconds = 40;
  oidc.settings.refreshSeconds = 20;
  await extension.connected(profiles.oidc);
  const codeExchanges = () =>
    oidc.tokenRequests().filter((r) => r.form?.['grant_type'] === 'authorization_code');
  await expect.poll(() => codeExchanges().length, { timeout: 60_000, intervals: [1000] }).toBe(2);
  expect(oidc.requests.filter((r) => r.path === '/auth').at(-1)?.query['prompt']).toBe('none');
  expect((await extension.view('oidc')).status).toBe('fresh');
  expect(oidc.issued).toContain(await extension.accessToken('oidc'));
});
