import browser from 'webextension-polyfill';

/**
 * Hides `storage.local` from content scripts (DESIGN.md, decision 6): by default they can read
 * it, and tokens live there. Chromium only (102+); Firefox has no such switch, so nothing that a
 * content script runs there reads storage.
 */
export async function restrictStorageToExtension(): Promise<void> {
  const local = browser.storage.local as typeof browser.storage.local & {
    setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
  };
  await local.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
}
