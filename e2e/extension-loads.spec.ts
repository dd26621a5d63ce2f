import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, launchBrowser, serviceWorkerOf, test, welcomeTab } from './extension';

/** The id that manifest.json's `key` fixes, so redirect URLs can be registered once. */
const EXTENSION_ID = 'enbedhajkpaoejmndjfijpeobcbaoepl';

test('the built extension loads in Chromium with its fixed id and permissions', async ({
  worker,
  extensionId,
}) => {
  expect(extensionId).toBe(EXTENSION_ID);
  const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.manifest_version).toBe(3);
  expect(manifest.permissions).toEqual([
    'storage',
    'alarms',
    'identity',
    'notifications',
    'clipboardWrite',
    'scripting',
    'declarativeNetRequestWithHostAccess',
    'webRequest',
  ]);
  expect(await worker.evaluate(() => chrome.identity.getRedirectURL())).toBe(
    `https://${EXTENSION_ID}.chromiumapp.org/`,
  );
});

test('only loopback hosts are granted at install; every other host is asked for when needed', async ({
  worker,
}) => {
  const granted = await worker.evaluate(() => chrome.permissions.getAll());
  expect(granted.origins).toEqual(['http://127.0.0.1/*', 'http://localhost/*']);
  expect(granted.permissions?.sort()).toEqual([
    'alarms',
    'clipboardWrite',
    'declarativeNetRequestWithHostAccess',
    'identity',
    'notifications',
    'scripting',
    'storage',
    'webRequest',
  ]);
  const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
  // The terminal's native messaging is asked for when the user turns it on: no warning at install.
  expect(manifest.optional_permissions).toEqual(['nativeMessaging']);
});

test('the options page opens by itself on first install, with what to register with a provider, and not at the next browser start', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'token-keeper-'));
  try {
    const first = await launchBrowser(dir);
    const tab = await welcomeTab(first);
    await expect(tab.getByRole('heading', { name: 'Providers' })).toBeVisible();
    // What to register with a provider is on that page.
    await expect(tab.getByTestId('redirect-url')).toHaveText(
      `https://${EXTENSION_ID}.chromiumapp.org/`,
    );
    await expect(tab.getByTestId('extension-origin')).toHaveText(
      `chrome-extension://${EXTENSION_ID}`,
    );
    await tab.close();
    await first.close();

    const again = await launchBrowser(dir);
    // The worker has started (and would have opened the tab by now) once it answers.
    const worker = await serviceWorkerOf(again);
    await worker.evaluate(() => chrome.runtime.getManifest());
    const page = await again.newPage();
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/src/popup/index.html`);
    await expect(page.getByRole('heading', { name: 'Token Keeper' })).toBeVisible();
    expect(again.pages().map((p) => new URL(p.url()).pathname)).not.toContain(
      '/src/options/index.html',
    );
    await again.close();
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
