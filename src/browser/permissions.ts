import browser from 'webextension-polyfill';

/**
 * Asks for the hosts a profile talks to (DESIGN.md, decision 9). Must run in a user gesture (the
 * Save click). Loopback hosts are granted at install, so they are not asked for.
 */
export async function requestHosts(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return true;
  const patterns = origins.map((origin) => `${origin}/*`);
  if (await browser.permissions.contains({ origins: patterns })) return true;
  return browser.permissions.request({ origins: patterns });
}
