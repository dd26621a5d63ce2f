import type { KeyValueArea } from '../browser/ports';
import { WELCOMED_KEY } from './storage-keys';

/**
 * Opens the options page the first time the extension is installed, and never again: Chromium
 * reports an unpacked extension loaded from the command line as newly installed at every start,
 * so the install event alone is not enough.
 */
export async function welcomeOnce(
  local: KeyValueArea,
  now: number,
  openOptions: () => Promise<void>,
): Promise<void> {
  if (WELCOMED_KEY in (await local.get(WELCOMED_KEY))) return;
  await local.set({ [WELCOMED_KEY]: now });
  await openOptions();
}
