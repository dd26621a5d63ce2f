import { expect, test, rowAction, type Extension } from './extension';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';
import type { Fault } from './servers/harness';
import type { ServerName } from './servers/all';
import { INTERRUPTED } from '../src/core/failure';

const badge = (extension: Extension) =>
  extension.page.evaluate(() => chrome.action.getBadgeText({}));

interface Case {
  name: string;
  server: ServerName;
  path: string;
  fault: Fault;
  code: string;
}

const row = (extension: Extension, id: string) => extension.page.locator(`[data-provider="${id}"]`);

interface Transient {
  server: ServerName;
  path: string;
  fault: Fault;
  code: string;
  /** How many answers fail before the provider is back. */
  failures: number;
  /** The least time between a failure and the next try that the server must see. */
  leastGapMs: number;
}

const TRANSIENT: Transient[] = [
  {
    server: 'keycloak',
    path: KEYCLOAK_TOKEN_PATH,
    fault: { mode: 'error5xx', times: 2 },
    code: 'server_error',
    failures: 2,
    leastGapMs: 15_000,
  },
  {
    server: 'fosoauth',
    path: '/oauth/v2/token',
    fault: { mode: 'html', times: 1 },
    code: 'not_token_response',
    failures: 1,
    leastGapMs: 15_000,
  },
  {
    server: 'koppeltaal',
    path: '/oauth2/token',
    fault: { mode: 'rate', times: 1, retryAfterSeconds: 45 },
    code: 'rate_limited',
    failures: 1,
    leastGapMs: 45_000,
  },
  {
    // UiTiD keeps its refresh token, so one that timed out may be sent again.
    server: 'uitid',
    path: '/refresh',
    fault: { mode: 'slow', delayMs: 6000, times: 1 },
    code: INTERRUPTED,
    failures: 1,
    leastGapMs: 3000,
  },
];

test('5xx, an HTML page with 200, 429 and a timeout: the alarms retry until the provider answers, and the new token is there', async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(240_000);
  const before: Partial<Record<ServerName, string>> = {};
  for (const c of TRANSIENT) {
    servers[c.server].settings.accessSeconds = 40;
    await extension.connected({ ...profiles[c.server], timeoutSeconds: 3 });
  }
  // One refresh shows that UiTiD keeps its refresh token.
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  for (const c of TRANSIENT) {
    before[c.server] = await extension.accessToken(c.server);
    servers[c.server].reset();
    servers[c.server].fault = c.fault;
  }

  // Nobody clicks anything: the alarm at the lead time meets the fault, the next ones retry.
  const keycloak = row(extension, 'keycloak');
  await expect(keycloak.getByTestId('reason')).toContainText('The provider failed (503)', {
    timeout: 60_000,
  });
  await expect(keycloak.getByTestId('retry')).toHaveText(/retrying in \d+ s/);
  // Its 40 s token runs out during the outage: a caller gets the reason and the next try, no token.
  await expect
    .poll(async () => extension.ask({ type: 'getToken', providerId: 'keycloak' }), {
      timeout: 60_000,
    })
    .toMatchObject({ ok: false, error: { kind: 'transient', code: 'server_error' } });
  const stale = await extension.ask({ type: 'getToken', providerId: 'keycloak' });
  expect(!stale.ok && stale.error.message).toMatch(/tries again in \d+ s\.$/);

  for (const c of TRANSIENT) {
    await expect
      .poll(async () => (await extension.view(c.server)).status, {
        timeout: 150_000,
        intervals: [1000],
        message: c.server,
      })
      .toBe('fresh');
    // The failed requests, then the one that got tokens (later ones are the next refreshes of
    // 40 s tokens).
    const sent = servers[c.server].tokenRequests(c.path);
    expect(sent.length, c.server).toBeGreaterThanOrEqual(c.failures + 1);
    for (let i = 1; i <= c.failures; i += 1) {
      expect((sent[i]?.at ?? 0) - (sent[i - 1]?.at ?? 0), c.server).toBeGreaterThanOrEqual(
        c.leastGapMs,
      );
    }
    const now = await extension.accessToken(c.server);
    expect(now, c.server).not.toBe(before[c.server]);
  }
  expect(await badge(extension)).toBe('');
});

for (const c of [
  {
    name: 'timed out',
    fault: { mode: 'slow', delayMs: 6000, times: 1 } as Fault,
    says: 'did not answer within 3 s',
  },
  {
    name: 'lost its answer',
    fault: { mode: 'cut', times: 1 } as Fault,
    says: 'connection closed before',
  },
]) {
  test(`a refresh of a rotating provider that ${c.name}: its refresh token is not sent again unless the user says so`, async ({
    extension,
    servers,
    profiles,
  }) => {
    const path = '/api/oauth2/token';
    await extension.connected({ ...profiles.camelcase, timeoutSeconds: 3 });
    servers.camelcase.reset();
    servers.camelcase.fault = c.fault;
    expect(await extension.ask({ type: 'refresh', providerId: 'camelcase' })).toMatchObject({
      ok: false,
      error: { kind: 'reauth', code: INTERRUPTED },
    });
    // The server goes on with a request whose client gave up: it rotates when its delay is over.
    await extension.page.waitForTimeout(c.fault.delayMs ?? 0);
    const camelcase = row(extension, 'camelcase');
    await expect(camelcase.getByTestId('status')).toHaveText('needs sign-in');
    await expect(camelcase.getByTestId('reason')).toContainText(c.says);
    await expect(camelcase.getByTestId('reason')).toContainText(
      'the provider has probably replaced the refresh token: sign in again',
    );
    // Whatever asks for a token now, nothing goes to the server.
    expect(await extension.ask({ type: 'getToken', providerId: 'camelcase' })).toMatchObject({
      ok: false,
      error: { kind: 'reauth' },
    });
    await expect.poll(() => servers.camelcase.requests.length, { timeout: 10_000 }).toBe(1);
    expect(await badge(extension)).toBe('1');

    // The user tries the old token anyway: sent once more; this server had rotated it away.
    await (await rowAction(camelcase, 'Try the old refresh token')).click();
    // It asks first, naming the risk; Cancel sends nothing.
    const ask = camelcase.getByRole('alertdialog', { name: /old refresh token\?$/ });
    await expect(ask).toContainText('can end the whole sign-in');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect(ask).toBeHidden();
    expect(servers.camelcase.tokenRequests(path)).toHaveLength(1);
    await (await rowAction(camelcase, 'Try the old refresh token')).click();
    await ask.getByRole('button', { name: 'Send it anyway' }).click();
    await expect(camelcase.getByTestId('reason')).toContainText('rejected');
    const sent = servers.camelcase.tokenRequests(path);
    expect(sent).toHaveLength(2);
    expect(sent[1]?.form?.['refreshToken']).toBe(sent[0]?.form?.['refreshToken']);
    // Signing in again is the way back.
    expect(await extension.connect(profiles.camelcase)).toMatchObject({ ok: true });
    await expect(camelcase.getByTestId('status')).toHaveText('fresh');
  });
}

const rejected: Case[] = [
  {
    name: 'Koppeltaal’s plain-text "invalid token"',
    server: 'koppeltaal',
    path: '/oauth2/token',
    fault: { mode: 'reject' },
    code: 'refresh_rejected',
  },
  {
    name: 'a rejected refresh token (invalid_grant)',
    server: 'keycloak',
    path: KEYCLOAK_TOKEN_PATH,
    fault: { mode: 'reject' },
    code: 'invalid_grant',
  },
  {
    name: 'UiTiD’s 401',
    server: 'uitid',
    path: '/refresh',
    fault: { mode: 'reject' },
    code: 'refresh_rejected',
  },
];

for (const c of rejected) {
  test(`${c.name}: "sign in again", and no more requests`, async ({
    extension,
    servers,
    profiles,
  }) => {
    await extension.connected(profiles[c.server]);
    servers[c.server].reset();
    servers[c.server].fault = c.fault;

    expect(await extension.ask({ type: 'refresh', providerId: c.server })).toMatchObject({
      ok: false,
      error: { kind: 'reauth', code: c.code },
    });
    const view = await extension.view(c.server);
    expect(view.status).toBe('needs-sign-in');
    expect(view.error?.message).toMatch(/refused|rejected/);
    expect(await badge(extension)).toBe('1');

    // No retry loop: more triggers reach no server, and no alarm is left to try again.
    for (let i = 0; i < 3; i += 1) await extension.ask({ type: 'refresh', providerId: c.server });
    expect(await extension.ask({ type: 'getToken', providerId: c.server })).toMatchObject({
      ok: false,
      error: { kind: 'reauth' },
    });
    expect(servers[c.server].tokenRequests(c.path)).toHaveLength(1);
    expect(
      await extension.page.evaluate((name) => chrome.alarms.get(name), `refresh:${c.server}:1`),
    ).toBeFalsy();

    // Signing in again brings it back.
    servers[c.server].fault = undefined;
    expect(await extension.connect(profiles[c.server])).toMatchObject({ ok: true });
    expect((await extension.view(c.server)).status).toBe('fresh');
  });
}

test('a connection closed unanswered after the server rotated: "sign in again", the token not sent again by us', async ({
  extension,
  servers,
  profiles,
}) => {
  const tokenPath = KEYCLOAK_TOKEN_PATH;
  await extension.connected(profiles.keycloak);
  servers.keycloak.reset();
  servers.keycloak.fault = { mode: 'drop', times: 1 };
  // Chromium itself re-sends a request whose reused connection closed without a byte of answer,
  // POST included; then its retry's answer, the rejection of the spent token, is what comes back.
  // On a new connection the worker sees the loss, and stops rather than re-send the token.
  const first = await extension.ask({ type: 'refresh', providerId: 'keycloak' });
  const byChromium = servers.keycloak.tokenRequests(tokenPath).length === 2;
  expect(first).toMatchObject(
    byChromium
      ? { ok: false, error: { kind: 'reauth', code: 'invalid_grant' } }
      : { ok: false, error: { kind: 'reauth', code: INTERRUPTED } },
  );
  expect((await extension.view('keycloak')).status).toBe('needs-sign-in');
  await extension.ask({ type: 'refresh', providerId: 'keycloak' });
  await extension.ask({ type: 'getToken', providerId: 'keycloak' });
  expect(servers.keycloak.tokenRequests(tokenPath)).toHaveLength(byChromium ? 2 : 1);
});

test('a skewed server clock does not change when tokens expire', async ({
  extension,
  servers,
  profiles,
}) => {
  servers.camelcase.settings.skewSeconds = 3 * 3600;
  servers.camelcase.settings.accessSeconds = 900;
  await extension.save(profiles.camelcase);
  const started = Date.now();
  expect(await extension.connect(profiles.camelcase)).toMatchObject({ ok: true });
  const view = await extension.view('camelcase');
  // 15 minutes from now on our clock, not 3 h 15 min: the ISO times were moved by the Date skew.
  expect(view.expiresAt).toBeGreaterThan(started + 895_000);
  expect(view.expiresAt).toBeLessThan(Date.now() + 901_000);
});
