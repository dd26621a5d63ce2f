import type { KeyValueArea } from '../browser/ports';

const WELCOMED = 'welcomedAt';

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
  if (WELCOMED in (await local.get(WELCOMED))) return;
  await local.set({ [WELCOMED]: now });
  await openOptions();
}
