import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from '@playwright/test';
import { callApiAsking, expect, test } from './extension';
import { injecting } from './injecting';
import type { Profile } from '../src/core/profile/types';

/** The same profile with every URL on its server moved to `base`. */
const moved = (profile: Profile, base: string): Profile => {
  const from = new URL(profile.refresh?.url ?? '').origin;
  return JSON.parse(JSON.stringify(profile).replaceAll(from, base)) as Profile;
};

test('an imported file that reuses a connected provider’s id cannot take its tokens or secrets elsewhere', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  // The file's host: a server on loopback, which the install grants, so only the import itself
  // can stand between the tokens and it.
  const collector = servers.webapps[1];
  const hostile = { ...moved(profiles.keycloak, collector.url), secrets: {} };
  const file = JSON.stringify({ format: 'token-keeper-profiles', version: 1, profiles: [hostile] });

  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await page.getByLabel('Import profiles').setInputFiles({
    name: 'shared.json',
    mimeType: 'application/json',
    buffer: Buffer.from(file),
  });
  const preview = page.getByRole('region', { name: 'Import preview' });
  await expect(preview).toContainText('replaces the stored one and sends elsewhere');
  await expect(preview.getByRole('list', { name: `What moved in ${hostile.name}` })).toContainText(
    `Refresh endpoint: POST ${profiles.keycloak.refresh?.url} → POST ${hostile.refresh?.url}`,
  );
  await preview.getByRole('button', { name: 'Apply import' }).click();
  await expect(page.getByRole('status')).toContainText(
    `signed out of ${hostile.name}, whose endpoints or token fields changed`,
  );

  // Whatever asks now, nothing goes to the file's host: no refresh, no revocation.
  expect((await extension.view('keycloak')).status).toBe('signed-out');
  expect(await extension.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
    ok: false,
    error: { code: 'signed_out' },
  });
  await extension.ask({ type: 'disconnect', providerId: 'keycloak' });
  expect(collector.requests).toEqual([]);
});

/** A server on loopback (which the install grants) that records every request it gets. */
async function collector() {
  const requests: { method: string; url: string; authorization?: string; body: string }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        ...(req.headers.authorization !== undefined && {
          authorization: req.headers.authorization,
        }),
        body,
      });
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>collected</p>');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, requests, close: () => server.close() };
}

const exported = (...list: Profile[]) =>
  JSON.stringify({ format: 'token-keeper-profiles', version: 1, profiles: list });

test('an imported file that keeps every URL but swaps their roles takes no token or secret to the API', async ({
  extension,
  profiles,
}) => {
  const api = await collector();
  try {
    const apiPrefix = `${api.url}/api/`;
    const stored: Profile = { ...profiles.keycloak, inject: [apiPrefix] };
    await extension.connected(stored);

    // The refresh endpoint set to the exact text of the API prefix: refused whole.
    const toApi = { ...stored, refresh: { ...profiles.keycloak.refresh, url: apiPrefix } };
    const refused = await extension.ask({
      type: 'importProfiles',
      text: exported(toApi as Profile),
      apply: true,
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    // The access token read from the refresh token's field: refused whole.
    const swapped = { ...stored, response: { ...stored.response, accessToken: 'refresh_token' } };
    const alsoRefused = await extension.ask({
      type: 'importProfiles',
      text: exported(swapped as Profile),
      apply: true,
    });
    expect(!alsoRefused.ok && alsoRefused.error.fields?.map((f) => f.path)).toEqual([
      'profiles[0].response.accessToken',
    ]);

    // The refresh endpoint moved onto a page the profile lets call the API: moved, signed out.
    const withPage: Profile = { ...stored, injectFrom: [api.url] };
    await extension.save(withPage);
    const toPage = {
      ...withPage,
      refresh: { ...profiles.keycloak.refresh, url: `${api.url}/collect` },
    };
    const preview = await extension.ask({
      type: 'importProfiles',
      text: exported(toPage as Profile),
      apply: true,
    });
    expect(preview).toMatchObject({
      ok: true,
      value: { profiles: [{ change: 'moved', connected: true }] },
    });
    expect(preview.ok && preview.value.profiles[0]?.changes).toEqual([
      `Refresh endpoint: POST ${profiles.keycloak.refresh?.url} → POST ${api.url}/collect`,
    ]);

    // What the next alarm would do, now: nothing reaches the API's host.
    expect(await extension.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
    });
    expect(api.requests).toEqual([]);
  } finally {
    api.close();
  }
});

test('a sign-in address that carries its own redirect_uri, state or code_challenge is refused: the code never reaches that redirect', async ({
  extension,
  profiles,
}) => {
  const attacker = await collector();
  // An authorization server that takes the first of repeated parameters (as Java's getParameter
  // and Go's Query().Get do) and sends the code wherever that first redirect_uri says.
  const firstWins = createServer((req, res) => {
    const query = new URL(req.url ?? '/', 'http://idp').searchParams;
    const to = new URL(query.get('redirect_uri') ?? 'http://127.0.0.1:9/');
    to.searchParams.set('code', 'the-users-code');
    to.searchParams.set('state', query.get('state') ?? '');
    res.writeHead(302, { location: to.href }).end();
  });
  await new Promise<void>((resolve) => firstWins.listen(0, '127.0.0.1', resolve));
  const idp = `http://127.0.0.1:${(firstWins.address() as AddressInfo).port}`;
  try {
    const oidc = profiles.oidc;
    if (oidc.signIn.kind !== 'authorization_code') throw new Error('oidc signs in with a code');
    const hostile: Profile = {
      ...oidc,
      signIn: {
        ...oidc.signIn,
        authorizeUrl: `${idp}/authorize?redirect_uri=${encodeURIComponent(`${attacker.url}/cb`)}&code_challenge=ATTACKERS&state=x`,
      },
    };
    const reply = await extension.ask({ type: 'saveProfile', profile: hostile });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_profile' } });
    expect(!reply.ok && reply.error.fields?.map((f) => f.message)).toEqual(
      ['redirect_uri', 'code_challenge', 'state'].map(
        (name) =>
          `its query sets ${name}, which Token Keeper sets itself: remove it from the address`,
      ),
    );
    // Whatever a Connect would do, the attacker's redirect gets nothing.
    void extension.ask({ type: 'connect', providerId: oidc.id });
    await new Promise((resolve) => setTimeout(resolve, 2000));
    expect(attacker.requests).toEqual([]);
  } finally {
    attacker.close();
    firstWins.close();
  }
});

test('nothing is sent to a host the user has not allowed, not even a password', async ({
  extension,
  profiles,
}) => {
  // 127.0.0.2 is loopback, but the install grants only 127.0.0.1 and localhost.
  const arrived: string[] = [];
  const server = createServer((req, res) => {
    arrived.push(`${req.method ?? ''} ${req.url ?? ''}`);
    res.writeHead(400).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.2', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    // Saved through the worker, as a script would, so no permission was asked in a click.
    await extension.save(moved(profiles.keycloak, `http://127.0.0.2:${port}`));
    const reply = await extension.connect(profiles.keycloak);
    expect(arrived).toEqual([]);
    expect(reply).toMatchObject({ ok: false, error: { code: 'no_host_permission' } });
    expect(!reply.ok && reply.error.message).toContain('Nothing was sent.');
  } finally {
    server.close();
  }
});

test('a form on another page posting to an injected API gets no bearer header; a GET navigation does', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp, calls, seen } = await injecting(extension, servers, profiles);
  const attacker = await context.newPage();
  await attacker.goto(`${servers.webapps[1].url}/blank`);
  // A text/plain form that reads as JSON: the classic CSRF against an API.
  await attacker.evaluate((action) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.action = action;
    form.enctype = 'text/plain';
    const input = document.createElement('input');
    input.name = '{"to":"attacker","amount":1000,"x":"';
    input.value = '"}';
    form.append(input);
    document.body.append(form);
    form.submit();
  }, `${webapp.url}/api/transfer`);
  await expect.poll(() => calls('/api/transfer').length).toBe(1);
  expect(seen('/api/transfer')).toBeUndefined();
  expect(await attacker.locator('body').innerText()).toBe('{"error":"invalid_token"}');

  const tab = await context.newPage();
  await tab.goto(`${webapp.url}/api/me`);
  expect(seen()).toBe(`Bearer ${await extension.accessToken('keycloak')}`);
});

/** A page on `origin` that fetches `url`. */
async function fetchFrom(page: Page, origin: string, url: string): Promise<void> {
  await page.goto(`${origin}/blank`);
  await page.evaluate((u) => fetch(u, { mode: 'no-cors' }).then(() => undefined), url);
}

test('pages on other hosts the extension can reach get no header; the API’s own pages and injectFrom ones do', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp, calls, seen } = await injecting(extension, servers, profiles);
  const token = await extension.accessToken('keycloak');
  const api = `${webapp.url}/api/me`;
  const page = await context.newPage();

  // localhost is granted at install, like 127.0.0.1, but it is another host than the API's.
  const localhost = `http://localhost:${new URL(servers.webapps[1].url).port}`;
  await fetchFrom(page, localhost, api);
  await expect.poll(() => calls().length).toBe(1);
  expect(seen()).toBeUndefined();

  // A page of the API's own host gets it.
  await fetchFrom(page, servers.webapps[1].url, api);
  await expect.poll(() => calls().length).toBe(2);
  expect(seen()).toBe(`Bearer ${token}`);

  // So does a page on a host the profile names in injectFrom.
  await extension.save({
    ...profiles.keycloak,
    inject: [`${webapp.url}/api/`],
    injectFrom: [localhost],
  });
  await fetchFrom(page, localhost, api);
  await expect.poll(() => calls().length).toBe(3);
  expect(seen()).toBe(`Bearer ${token}`);
});

test('a header prefix over another provider’s sign-in host is refused, so its sign-in window never carries the token', async ({
  extension,
  servers,
  profiles,
}) => {
  // Keycloak's token would go to every URL under UiTiD's host: its /connect sign-in page included.
  const broad = { ...profiles.keycloak, inject: [`${servers.uitid.url}/`] };
  await extension.connected(profiles.keycloak);
  await extension.save(profiles.uitid);
  const refused = await extension.ask({ type: 'saveProfile', profile: broad });
  expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_profile' } });
  expect(!refused.ok && refused.error.fields).toEqual([
    {
      path: 'inject[0]',
      message: `covers ${profiles.uitid.name}’s ${servers.uitid.url}/connect: its sign-in and token requests would carry this token; use a narrower prefix`,
    },
  ]);

  // UiTiD's sign-in window and the worker's refresh reach UiTiD's server with no bearer header.
  servers.uitid.reset();
  await extension.connected(profiles.uitid);
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  const seen = servers.uitid.requests.map(
    (r) => `${r.method} ${r.path} ${r.headers['authorization'] ?? '-'}`,
  );
  expect(seen).toEqual(['GET /connect -', 'POST /connect -', 'GET /refresh -']);
});

test('an access token a header cannot carry is refused with a reason, and every other provider’s header stays', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp, seen } = await injecting(extension, servers, profiles);
  const call = async () => {
    const page = await context.newPage();
    await page.goto(`${webapp.url}/blank`);
    await page.evaluate(() => fetch('/api/me').then(() => undefined));
    await page.close();
    return seen();
  };
  expect(await call()).toBe(`Bearer ${await extension.accessToken('keycloak')}`);

  // Another provider's server answers a token with CR and LF in it.
  servers.koppeltaal.rewrite = (reply) => ({
    ...reply,
    body: reply.body.replace(/"access_token":"([^"]+)"/, '"access_token":"$1\\r\\nX-Evil: 1"'),
  });
  await extension.save(profiles.koppeltaal);
  const reply = await extension.connect(profiles.koppeltaal);
  expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_access_token' } });
  expect(!reply.ok && reply.error.message).toContain('RFC 6750');
  expect((await extension.view('koppeltaal')).status).toBe('signed-out');

  // The header rules still work, and follow a refresh.
  expect(await extension.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
    ok: true,
  });
  expect(await call()).toBe(`Bearer ${await extension.accessToken('keycloak')}`);
  await extension.ask({ type: 'disconnect', providerId: 'keycloak' });
  expect(await call()).toBeUndefined();
});

test('a web page cannot learn that Token Keeper is installed by loading its files', async ({
  context,
  extension,
  servers,
}) => {
  const page = await context.newPage();
  await page.goto(`${servers.webapps[0].url}/blank`);
  const loads = (url: string) =>
    page.evaluate(
      (u) =>
        fetch(u).then(
          () => true,
          () => false,
        ),
      url,
    );
  expect(await loads(`chrome-extension://${extension.id}/src/content/bridge.js`)).toBe(false);
  expect(await loads(`chrome-extension://${extension.id}/manifest.json`)).toBe(false);
});

test('the consent window names site, provider and token host, says what header injection hands out, and takes no Allow in its first second', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp } = await injecting(extension, servers, profiles);
  const site = servers.webapps[1];
  const { app, prompt } = await callApiAsking(context, site.url);
  const allow = prompt.getByRole('button', { name: 'Allow' });
  await expect(allow).toBeDisabled();
  await expect(prompt.getByRole('button', { name: 'Deny' })).toBeFocused();
  await expect(prompt.getByTestId('origin')).toHaveText(site.url);
  await expect(prompt.locator('main')).toContainText(
    `(provider id keycloak, tokens from ${new URL(servers.keycloak.url).host})`,
  );
  await expect(prompt.getByTestId('inject')).toHaveText(
    `Token Keeper also adds this token to requests to ${webapp.url}/api/: allowing this site lets every page on its host (127.0.0.1, any port) call them with it.`,
  );
  await expect(allow).toBeEnabled();
  await allow.click();
  await expect(app.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
});

test('the consent window shows a look-alike host as the browser reads it, with a warning', async ({
  extension,
}) => {
  const { page } = extension;
  // "аpple.com" with a Cyrillic "а", on a port that is not the default.
  const query = new URLSearchParams({
    requestId: 'none',
    origin: 'https://\u0430pple.com:8443',
    provider: 'keycloak',
    name: 'Keycloak',
    host: 'sso.example.com',
  });
  await page.goto(`chrome-extension://${extension.id}/src/consent/index.html?${query}`);
  await expect(page.getByTestId('origin')).toHaveText('https://xn--pple-43d.com:8443');
  await expect(page.getByRole('note')).toContainText('letters from outside the Latin alphabet');
  await expect(page.locator('main')).toContainText('https, encrypted · port 8443');
  await expect(page.getByRole('button', { name: 'Deny' })).toBeFocused();
});
