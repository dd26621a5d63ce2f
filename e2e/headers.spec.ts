import { expect, test } from './extension';

test('requests under the profile’s prefixes carry the current token, after a refresh too, and none after disconnect', async ({
  context,
  extension,
  servers,
  profiles,
}) => {
  const [webapp] = servers.webapps;
  await extension.connected({ ...profiles.keycloak, inject: [`${webapp.url}/api/`] });
  const page = await context.newPage();
  await page.goto(`${webapp.url}/blank`);
  // The page sets no header of its own.
  const call = () =>
    page.evaluate(async () => {
      const res = await fetch('/api/me');
      return `${res.status} ${await res.text()}`;
    });
  const seen = () =>
    webapp.requests.filter((r) => r.path === '/api/me').at(-1)?.headers['authorization'];

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
