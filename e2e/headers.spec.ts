import type { Page } from '@playwright/test';
import { expect, test } from './extension';
import { injecting } from './injecting';
import type { DialectServer } from './servers/harness';

/** A page of the web app whose `call` asks its API without setting any header. */
async function apiCaller(page: Page, webapp: DialectServer) {
  await page.goto(`${webapp.url}/blank`);
  return () =>
    page.evaluate(async () => {
      const res = await fetch('/api/me');
      return `${res.status} ${await res.text()}`;
    });
}

test('requests under the profile’s prefixes carry the current token, after a refresh too, and none after disconnect', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp, seen } = await injecting(extension, servers, profiles);
  const page = await context.newPage();
  const call = await apiCaller(page, webapp);

  expect(await call()).toBe('200 {"user":"tester"}');
  const first = await extension.accessToken('keycloak');
  expect(seen()).toBe(`Bearer ${first}`);

  expect(await extension.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
    ok: true,
  });
  expect(await call()).toBe('200 {"user":"tester"}');
  const second = await extension.accessToken('keycloak');
  expect(second).not.toBe(first);
  expect(seen()).toBe(`Bearer ${second}`);

  // A header of the page's own is replaced.
  await page.evaluate(() => fetch('/api/me', { headers: { authorization: 'Bearer mine' } }));
  expect(seen()).toBe(`Bearer ${second}`);

  // Only under the prefix: the page itself was fetched without the header.
  expect(
    webapp.requests.find((r) => r.path === '/blank')?.headers['authorization'],
  ).toBeUndefined();

  await extension.page.reload();
  await expect(extension.page.getByTestId('injecting')).toHaveText(
    `adds Authorization to ${webapp.url}/api/`,
  );

  await extension.ask({ type: 'disconnect', providerId: 'keycloak' });
  expect(await call()).toBe('401 {"error":"invalid_token"}');
  expect(seen()).toBeUndefined();
  await expect(extension.page.getByTestId('injecting')).toHaveCount(0);
});

test('a token that runs out while its refresh fails is no longer added', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(90_000);
  servers.keycloak.settings.accessSeconds = 40;
  const { webapp, seen } = await injecting(extension, servers, profiles);
  const call = await apiCaller(await context.newPage(), webapp);
  expect(await call()).toBe('200 {"user":"tester"}');
  const token = await extension.accessToken('keycloak');
  expect(seen()).toBe(`Bearer ${token}`);

  // The scheduled refresh (at the 30 s alarm floor) fails; the token ends at 40 s.
  servers.keycloak.fault = { mode: 'error5xx' };
  await extension.page.reload();
  await expect(extension.page.getByTestId('injecting')).toHaveText(
    `token expired: adds no Authorization to ${webapp.url}/api/ until a new one`,
    { timeout: 60_000 },
  );
  expect((await extension.view('keycloak')).status).toBe('error');
  // The API refuses the expired token by its own clock; the header goes with the worker's alarm,
  // which may come a moment after the popup's countdown.
  const headerNow = async () => {
    await call();
    return seen();
  };
  await expect.poll(headerNow, { timeout: 15_000 }).toBeUndefined();
  expect(await call()).toBe('401 {"error":"invalid_token"}');

  // A new token brings the header back.
  servers.keycloak.fault = undefined;
  await extension.ask({ type: 'refresh', providerId: 'keycloak' });
  expect(await call()).toBe('200 {"user":"tester"}');
  expect(seen()).toBe(`Bearer ${await extension.accessToken('keycloak')}`);
});

test('pages on hosts Token Keeper was not given, and frames, get no header; an API URL opened in a tab does', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp, calls, seen } = await injecting(extension, servers, profiles);
  const token = await extension.accessToken('keycloak');
  const api = `${webapp.url}/api/me`;

  // app.localhost is loopback but not among the hosts granted at install: the browser adds the
  // header only for pages the extension has access to.
  const other = await context.newPage();
  await other.goto(`http://app.localhost:${new URL(webapp.url).port}/blank`);
  await other.evaluate((url) => fetch(url, { mode: 'no-cors' }).then(() => undefined), api);
  expect(calls()).toHaveLength(1);
  expect(seen()).toBeUndefined();

  // A frame could be opened by any page: never, even in a page the extension has access to.
  const framed = await context.newPage();
  await framed.goto(`${webapp.url}/blank`);
  await framed.evaluate((url) => {
    const frame = document.createElement('iframe');
    frame.src = url;
    document.body.append(frame);
  }, api);
  await expect.poll(() => calls().length).toBe(2);
  expect(seen()).toBeUndefined();

  // The tester opening an API URL in a tab sees it as the app would.
  const tab = await context.newPage();
  await tab.goto(api);
  expect(await tab.locator('body').innerText()).toBe('{"user":"tester"}');
  expect(seen()).toBe(`Bearer ${token}`);
});

test('an API that refuses the injected token early gets a new one: the page’s next request carries it; an API refusing every token causes one refresh per token', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const { webapp, seen } = await injecting(extension, servers, profiles);
  const page = await context.newPage();
  const call = await apiCaller(page, webapp);
  expect(await call()).toBe('200 {"user":"tester"}');
  const first = await extension.accessToken('keycloak');
  const refreshes = () =>
    servers.keycloak.requests.filter((r) => r.form?.['grant_type'] === 'refresh_token').length;
  const before = refreshes();

  // A 401 this close to a token's start is not blamed on it (the browser does not say which token
  // a request carried): the revocation comes later, as it would.
  await page.waitForTimeout(5000);
  // The API revokes the token early (it forgets it): the page's request is refused once.
  servers.keycloak.issued.splice(servers.keycloak.issued.indexOf(first), 1);
  expect(await call()).toBe('401 {"error":"invalid_token"}');
  // Token Keeper saw the 401 and refreshed (within a few seconds here); the next request passes.
  await expect
    .poll(async () => extension.accessToken('keycloak'), { timeout: 10_000 })
    .not.toBe(first);
  expect(await call()).toBe('200 {"user":"tester"}');
  expect(seen()).not.toBe(`Bearer ${first}`);
  expect(refreshes()).toBe(before + 1);

  // An API that refuses everything: five requests at once, then again, one refresh at most.
  webapp.rewrite = (reply) => (reply.status === 200 ? { ...reply, status: 401 } : reply);
  const second = await extension.accessToken('keycloak');
  await page.evaluate(() => Promise.all(Array.from({ length: 5 }, () => fetch('/api/me'))));
  await page.waitForTimeout(2000);
  await page.evaluate(() => Promise.all(Array.from({ length: 5 }, () => fetch('/api/me'))));
  await page.waitForTimeout(2000);
  // The second token was obtained moments ago: an answer this close to it does not blame it.
  expect(refreshes()).toBe(before + 1);
  expect(await extension.accessToken('keycloak')).toBe(second);
  // Later, that token refused is refreshed once; the next token, refused at once, is not.
  await page.waitForTimeout(2000);
  await page.evaluate(() => Promise.all(Array.from({ length: 5 }, () => fetch('/api/me'))));
  await expect.poll(refreshes, { timeout: 10_000 }).toBe(before + 2);
  await page.evaluate(() => Promise.all(Array.from({ length: 5 }, () => fetch('/api/me'))));
  await page.waitForTimeout(1000);
  expect(refreshes()).toBe(before + 2);
  webapp.rewrite = undefined;
});
