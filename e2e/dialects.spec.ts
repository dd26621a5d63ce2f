import type { SeenRequest } from './servers/harness';
import { expect, SERVER_NAMES, test } from './extension';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';
import { CREDENTIALS, REDIRECT_URI, type ServerName } from './servers/all';

/** The refresh request each dialect must send, as its seed document shows it. */
const REFRESH_SHAPE: Record<
  ServerName,
  { method: string; path: string; check: (r: SeenRequest) => void }
> = {
  koppeltaal: {
    method: 'POST',
    path: '/oauth2/token',
    check: (r) =>
      expect(r.form).toEqual({
        grant_type: 'refresh_token',
        refresh_token: expect.stringMatching(/^[0-9a-f-]{36}$/),
        scope: 'fhir/*.read',
      }),
  },
  uitid: {
    method: 'GET',
    path: '/refresh',
    check: (r) =>
      expect(r.query).toEqual({ apiKey: CREDENTIALS.uitidApiKey, refresh: expect.any(String) }),
  },
  fosoauth: {
    method: 'GET',
    path: '/oauth/v2/token',
    check: (r) =>
      expect(r.query).toEqual({
        grant_type: 'refresh_token',
        refresh_token: expect.any(String),
        redirect_uri: REDIRECT_URI,
        client_id: CREDENTIALS.fos.clientId,
        client_secret: CREDENTIALS.fos.clientSecret,
      }),
  },
  camelcase: {
    method: 'POST',
    path: '/api/oauth2/token',
    check: (r) =>
      expect(r.form).toEqual({
        grantType: 'RefreshToken',
        refreshToken: expect.stringMatching(/^ey/),
      }),
  },
  keycloak: {
    method: 'POST',
    path: KEYCLOAK_TOKEN_PATH,
    check: (r) =>
      expect(r.form).toEqual({
        grant_type: 'refresh_token',
        refresh_token: expect.any(String),
        client_id: 'integration-api',
      }),
  },
  oidc: {
    method: 'POST',
    path: '/token',
    check: (r) =>
      expect(r.form).toMatchObject({
        grant_type: 'refresh_token',
        refresh_token: expect.any(String),
        client_id: 'token-keeper',
      }),
  },
};

const isRefresh = (name: ServerName, r: SeenRequest) =>
  r.method === REFRESH_SHAPE[name].method &&
  r.path === REFRESH_SHAPE[name].path &&
  (r.form?.['grant_type'] ?? r.query['grant_type'] ?? r.form?.['grantType']) !==
    'client_credentials' &&
  (name === 'uitid' ||
    [r.form?.['grant_type'], r.query['grant_type'], r.form?.['grantType']].some(
      (g) => g === 'refresh_token' || g === 'RefreshToken',
    ));

test('every dialect connects, then refreshes on its own alarms at least twice, in its exact shape', async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(180_000);
  for (const name of SERVER_NAMES) {
    servers[name].settings.accessSeconds = 40;
    await extension.save(profiles[name]);
  }
  for (const name of SERVER_NAMES) {
    const reply = await extension.connect(profiles[name]);
    expect(reply, `${name}: ${JSON.stringify(reply)}`).toMatchObject({ ok: true });
    expect((await extension.view(name)).status).toBe('fresh');
  }
  const connectedAt = new Map<ServerName, number>(
    await Promise.all(
      SERVER_NAMES.map(async (n) => [n, (await extension.view(n)).obtainedAt ?? 0] as const),
    ),
  );

  // Alarms fire at 30 s (the floor) for 40 s tokens: two rounds take about a minute.
  await expect
    .poll(
      () =>
        SERVER_NAMES.map((n) => servers[n].requests.filter((r) => isRefresh(n, r)).length).every(
          (c) => c >= 2,
        ),
      {
        timeout: 120_000,
        intervals: [2000],
      },
    )
    .toBe(true);

  for (const name of SERVER_NAMES) {
    const refreshes = servers[name].requests.filter((r) => isRefresh(name, r));
    for (const request of refreshes) REFRESH_SHAPE[name].check(request);
    const view = await extension.view(name);
    expect(view.status, name).toBe('fresh');
    expect(view.obtainedAt, name).toBeGreaterThan(connectedAt.get(name) ?? 0);
    expect(view.expiresAt, name).toBeGreaterThan(Date.now());
  }

  // Tokens were issued, so the fixture's check that none reached the console has something to find.
  expect(SERVER_NAMES.flatMap((n) => servers[n].issued).length).toBeGreaterThan(20);
});
