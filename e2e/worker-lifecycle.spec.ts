import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';
import {
  expect,
  freezeWorker,
  killWorker,
  reopen,
  rowAction,
  test,
  type Extension,
} from './extension';

const alarmNames = (extension: Extension) =>
  extension.page.evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name).sort());

test('the worker killed before, during and after a refresh loses no token, and the cut-off refresh is sent again', async ({
  extension,
  servers,
  profiles,
}) => {
  // UiTiD keeps its refresh token across refreshes (one refresh shows it), so a refresh cut off
  // mid-flight can be sent again.
  await extension.connected(profiles.uitid);
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  const first = await extension.accessToken('uitid');

  // Before: killed while idle, woken by the next message.
  await killWorker(extension.page);
  expect(await extension.accessToken('uitid')).toBe(first);
  expect(await alarmNames(extension)).toContain('refresh:uitid:1');

  // During: killed while the refresh request is in flight. The next worker (woken by a message)
  // does not call it fresh: it sends the refresh again at once, and its answer is stored.
  servers.uitid.reset();
  servers.uitid.fault = { mode: 'slow', delayMs: 3000, times: 1 };
  // A Refresh now within a second of the last refresh's end joins it (a double click).
  await extension.page.waitForTimeout(1100);
  const cutOff = extension.ask({ type: 'refresh', providerId: 'uitid' }).catch(() => 'cut off');
  await expect.poll(() => servers.uitid.tokenRequests('/refresh').length).toBe(1);
  await killWorker(extension.page);
  await cutOff;
  await extension.view('uitid');
  await expect.poll(() => servers.uitid.tokenRequests('/refresh').length).toBe(2);
  await expect.poll(async () => (await extension.view('uitid')).status).toBe('fresh');
  const second = await extension.accessToken('uitid');
  expect(second).not.toBe(first);
  const [cut, again] = servers.uitid.tokenRequests('/refresh');
  expect(again?.query['refresh']).toBe(cut?.query['refresh']);

  // After: killed once the refresh is stored.
  await killWorker(extension.page);
  expect(await extension.accessToken('uitid')).toBe(second);
  expect(await alarmNames(extension)).toEqual(['refresh:uitid:1']);
});

test('a worker killed during an alarm’s refresh, with nothing else to wake one: the alarm comes back and the refresh is done', async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(180_000);
  servers.uitid.settings.accessSeconds = 40;
  await extension.connected(profiles.uitid);
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  const before = await extension.view('uitid');
  servers.uitid.reset();
  servers.uitid.fault = { mode: 'slow', delayMs: 5000, times: 1 };
  // The alarm at the lead time sends the refresh; the worker dies while it waits for the answer.
  await expect
    .poll(() => servers.uitid.tokenRequests('/refresh').length, { timeout: 60_000 })
    .toBe(1);
  await killWorker(extension.page);
  // No message, no click: only the alarm can wake a worker, and it does.
  await expect
    .poll(() => servers.uitid.tokenRequests('/refresh').length, {
      timeout: 100_000,
      intervals: [1000],
    })
    .toBe(2);
  await expect
    .poll(async () => (await extension.view('uitid')).obtainedAt ?? 0)
    .toBeGreaterThan(before.obtainedAt ?? 0);
  expect((await extension.view('uitid')).status).toBe('fresh');
});

test('a worker killed during a refresh of a rotating provider: the spent token is not sent again, the popup says why', async ({
  extension,
  servers,
  profiles,
}) => {
  const path = KEYCLOAK_TOKEN_PATH;
  await extension.connected(profiles.keycloak);
  servers.keycloak.reset();
  servers.keycloak.fault = { mode: 'slow', delayMs: 3000, times: 1 };
  const cutOff = extension.ask({ type: 'refresh', providerId: 'keycloak' }).catch(() => 'cut off');
  await expect.poll(() => servers.keycloak.tokenRequests(path).length).toBe(1);
  await killWorker(extension.page);
  await cutOff;
  const row = extension.page.locator('[data-provider="keycloak"]');
  await extension.page.reload();
  await expect(row.getByTestId('status')).toHaveText('needs sign-in');
  await expect(row.getByTestId('reason')).toHaveText(
    'The last refresh was interrupted after it was sent (the worker stopped before the answer came); the provider has probably replaced the refresh token: sign in again.',
  );
  await expect(await rowAction(row, 'Try the old refresh token')).toBeVisible();
  expect(await extension.ask({ type: 'getToken', providerId: 'keycloak' })).toMatchObject({
    ok: false,
    error: { kind: 'reauth' },
  });
  // The slow answer has long come and gone: still only the one request.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  expect(servers.keycloak.tokenRequests(path)).toHaveLength(1);
  expect(await alarmNames(extension)).toEqual([]);
});

test('after the browser restarts on the same profile, alarms are back and tokens get refreshed', async ({
  userDataDir,
  servers,
  profiles,
  consoleLog,
}) => {
  test.setTimeout(120_000);
  servers.camelcase.settings.accessSeconds = 40;
  const open = () => reopen(userDataDir, consoleLog);

  const before = await open();
  await before.save(profiles.camelcase);
  expect(await before.connect(profiles.camelcase)).toMatchObject({ ok: true });
  const connected = await before.view('camelcase');
  await before.context.close();
  servers.camelcase.reset();

  const after = await open();
  await expect.poll(() => alarmNames(after)).toContain('refresh:camelcase:1');
  await expect
    .poll(() => servers.camelcase.tokenRequests('/api/oauth2/token').length, {
      timeout: 60_000,
      intervals: [1000],
    })
    .toBeGreaterThanOrEqual(1);
  await expect
    .poll(async () => (await after.view('camelcase')).obtainedAt ?? 0)
    .toBeGreaterThan(connected.obtainedAt ?? 0);
  expect((await after.view('camelcase')).status).toBe('fresh');
  await after.context.close();
});

test('a worker killed during a refresh of a provider that keeps its refresh token: sent again within the alarm floor, with nothing else to wake a worker', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.uitid);
  // One refresh shows that UiTiD keeps its refresh token; the next is a second later, not joined.
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  await new Promise((resolve) => setTimeout(resolve, 1100));
  servers.uitid.reset();
  servers.uitid.fault = { mode: 'slow', delayMs: 3000, times: 1 };
  const cutOff = extension.ask({ type: 'refresh', providerId: 'uitid' }).catch(() => 'cut off');
  await expect.poll(() => servers.uitid.tokenRequests('/refresh').length).toBe(1);
  await killWorker(extension.page);
  await cutOff;
  // No message, no click: the access token lives an hour, so only the alarm left at the floor
  // (30 s) before the request went out can wake a worker this soon; 15 s more for this machine.
  await expect
    .poll(() => servers.uitid.tokenRequests('/refresh').length, {
      timeout: 45_000,
      intervals: [1000],
    })
    .toBe(2);
  const [first, again] = servers.uitid.tokenRequests('/refresh');
  expect(again?.query).toEqual(first?.query);
  await expect.poll(async () => (await extension.view('uitid')).status).toBe('fresh');
});

test('a machine that slept past the token’s expiry: on waking the token is refreshed within seconds, with nothing asking, and nobody is told to sign in', async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(120_000);
  // 40 s tokens: the refresh is due 30 s in (the alarm floor); the worker sleeps through it.
  servers.keycloak.settings.accessSeconds = 40;
  await extension.connected(profiles.keycloak);
  const first = await extension.accessToken('keycloak');
  servers.keycloak.reset();
  // A paused worker runs no JavaScript at all, as in a suspended machine: alarms wait.
  const thaw = await freezeWorker(extension.page);
  await extension.page.waitForTimeout(45_000);
  expect(servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH)).toHaveLength(0);
  const wokeAt = Date.now();
  await thaw();
  // Nothing asks for a token: the alarm that came due during the sleep sends the refresh.
  await expect
    .poll(() => servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH).length, {
      timeout: 5000,
      intervals: [100],
    })
    .toBe(1);
  const refreshedIn = (servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH)[0]?.at ?? 0) - wokeAt;
  expect(refreshedIn).toBeLessThan(5000);
  const view = await extension.view('keycloak');
  expect(view.status).toBe('fresh');
  expect(view.error).toBeUndefined();
  const second = await extension.accessToken('keycloak');
  expect(second).not.toBe(first);
  expect(servers.keycloak.issued).toContain(second);
});
