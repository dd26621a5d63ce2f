import { expect, test } from './extension';

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
  ]);
  const manifest = await worker.evaluate(() => chrome.runtime.getManifest());
  expect(manifest.optional_host_permissions).toEqual(['https://*/*', 'http://*/*']);
});
