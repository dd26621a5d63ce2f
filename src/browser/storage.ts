import browser from 'webextension-polyfill';
import type { KeyValueArea } from './ports';

/**
 * Hides `storage.local` from content scripts (docs/architecture.md, "One writer"): by default
 * they can read it, and tokens live there. Chromium only (102+); Firefox has no such switch, so
 * nothing that a content script runs there reads storage.
 */
export async function restrictStorageToExtension(): Promise<void> {
  for (const area of [browser.storage.local, browser.storage.session]) {
    const typed = area as typeof area & {
      setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void>;
    };
    await typed.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
  }
}

/** `storage.local`: kept across restarts. Never `storage.sync`: tokens stay on this machine. */
export const localArea: KeyValueArea = browser.storage.local;

/** `storage.session`: in memory, gone when the browser closes ("forget when the browser closes"). */
export const sessionArea: KeyValueArea = browser.storage.session;

/**
 * The value under `key` in `storage.session` now, then each new value as it is written (`undefined`
 * when removed). It listens before it reads, so no change falls in between; a change heard before
 * the read came back is newer than what the read found.
 */
export async function watchSessionKey(
  key: string,
  listener: (value: unknown) => void,
): Promise<void> {
  let heard = 0;
  browser.storage.onChanged.addListener((changes, area) => {
    // Typed as possibly absent: the record type says every key has a change.
    const change: { newValue?: unknown } | undefined = changes[key];
    if (area !== 'session' || change === undefined) return;
    heard += 1;
    listener(change.newValue);
  });
  const current = (await browser.storage.session.get(key))[key];
  if (current !== undefined && heard === 0) listener(current);
}

/**
 * What the browser's policy sets for this extension (`storage.managed`), `{}` when nothing is set:
 * Firefox refuses the read when no policy names the add-on.
 */
export const managedArea = (): Promise<Record<string, unknown>> =>
  browser.storage.managed.get().catch(() => ({}));

/** Runs when the administrator's policy changes while the browser runs. */
export function onManagedChange(listener: () => void): void {
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'managed') listener();
  });
}
