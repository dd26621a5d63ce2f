import {
  expect,
  killWorker,
  launchWithExtension,
  serviceWorkerOf,
  test,
  watchConsole,
  Extension,
} from './extension';

const alarmNames = (extension: Extension) =>
  extension.page.evaluate(async () => (await chrome.alarms.getAll()).map((a) => a.name).sort());

test('the worker killed before, during and after a refresh loses no token, and refreshing resumes', async ({
  extension,
  servers,
  profiles,
}) => {
  // UiTiD keeps its refresh token across refreshes, so a refresh cut off mid-flight can be retried.
  await extension.connected(profiles.uitid);
  const first = await extension.accessToken('uitid');

  // Before: killed while idle, woken by the next message.
  await killWorker(extension.page);
  expect(await extension.accessToken('uitid')).toBe(first);
  expect(await alarmNames(extension)).toContain('refresh:uitid');

  // During: killed while the refresh request is in flight.
  servers.uitid.reset();
  servers.uitid.fault = { mode: 'slow', delayMs: 3000 };
  const cutOff = extension.ask({ type: 'refresh', providerId: 'uitid' }).catch(() => 'cut off');
  await expect.poll(() => servers.uitid.tokenRequests('/refresh').length).toBe(1);
  await killWorker(extension.page);
  await cutOff;
  const afterKill = await extension.view('uitid');
  expect(afterKill.status).toBe('fresh'); // not stuck in "refreshing": its lock died with the worker
  expect(await extension.accessToken('uitid')).toBe(first);
  expect(await alarmNames(extension)).toContain('refresh:uitid');

  servers.uitid.fault = undefined;
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  const second = await extension.accessToken('uitid');
  expect(second).not.toBe(first);

  // After: killed once the refresh is stored.
  await killWorker(extension.page);
  expect(await extension.accessToken('uitid')).toBe(second);
  expect(await alarmNames(extension)).toEqual(['refresh:uitid']);
});

test('after the browser restarts on the same profile, alarms are back and tokens get refreshed', async ({
  userDataDir,
  servers,
  profiles,
  consoleLog,
}) => {
  test.setTimeout(120_000);
  servers.camelcase.settings.accessSeconds = 40;
  const open = async () => {
    const context = await launchWithExtension(userDataDir);
    watchConsole(consoleLog, context);
    const worker = await serviceWorkerOf(context);
    watchConsole(consoleLog, worker);
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/src/popup/index.html`);
    return new Extension(context, page, id);
  };

  const before = await open();
  await before.save(profiles.camelcase);
  expect(await before.connect(profiles.camelcase)).toMatchObject({ ok: true });
  const connected = await before.view('camelcase');
  await before.context.close();
  servers.camelcase.reset();

  const after = await open();
  await expect.poll(() => alarmNames(after)).toContain('refresh:camelcase');
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
