import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CREDENTIALS } from './servers/all';
import { expect, launchFirefox, press, test as base } from './firefox';
import { tokenKeeper } from './terminal';

/**
 * Firefox finds a user's host manifests in ~/.mozilla/native-messaging-hosts: the test gives
 * Firefox (and so the host it starts) and the install a home and a socket folder of their own.
 */
const test = base.extend<{ home: string; runtime: string }>({
  home: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keeper-home-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  runtime: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keeper-runtime-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  firefox: async ({ userDataDir, consoleLog, home, runtime }, use) => {
    const installed = await tokenKeeper(['install', '--browser', 'firefox'], { HOME: home });
    expect(installed.code, installed.stderr).toBe(0);
    expect(installed.stdout).toContain(join(home, '.mozilla/native-messaging-hosts'));
    const browser = await launchFirefox(userDataDir, consoleLog, undefined, {
      HOME: home,
      XDG_RUNTIME_DIR: runtime,
    });
    await use(browser);
    await browser.close();
  },
});

test('Firefox: the terminal is turned on from the options page (its permission asked from the click), allowed a provider, and gets its token', async ({
  extension,
  profiles,
  runtime,
  servers,
}) => {
  test.setTimeout(120_000);
  const { keycloak } = profiles;
  await extension.save(keycloak);
  const connected = await extension.ask({
    type: 'connect',
    providerId: keycloak.id,
    credentials: CREDENTIALS.user,
  });
  expect(connected.ok).toBe(true);
  const options = extension.page;
  await press(options, 'Turn on terminal access');
  await options.waitForSelector('::-p-text(The terminal helper runs)', { timeout: 20_000 });
  // The one provider's box in the Terminal section.
  const box = 'section[aria-label="Terminal access"] input[type=checkbox]';
  await options.click(box);
  await options.waitForFunction(
    (selector) => document.querySelector<HTMLInputElement>(selector)?.checked === true,
    {},
    box,
  );

  const got = await tokenKeeper(['token', keycloak.id], { XDG_RUNTIME_DIR: runtime });
  expect(got.code, got.stderr).toBe(0);
  const token = got.stdout.trim();
  expect(token).toBe(await extension.accessToken(keycloak.id));
  const api = await fetch(`${servers.webapps[1].url}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(api.status).toBe(200);
  const status = await tokenKeeper(['status'], { XDG_RUNTIME_DIR: runtime });
  expect(status.stdout).toContain('terminal: allowed');
  expect(status.stdout).not.toContain(token);
});
