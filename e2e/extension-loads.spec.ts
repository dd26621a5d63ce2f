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
  expect(manifest.permissions).toEqual(['storage', 'alarms', 'identity']);
  expect(await worker.evaluate(() => chrome.identity.getRedirectURL())).toBe(
    `https://${EXTENSION_ID}.chromiumapp.org/`,
  );
});

test('host permissions are optional, none granted at install', async ({ worker }) => {
  const granted = await worker.evaluate(() => chrome.permissions.getAll());
  expect(granted.origins ?? []).toEqual([]);
});
