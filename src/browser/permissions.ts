import browser from 'webextension-polyfill';
import { matchPatterns } from '../core/match-patterns';

/**
 * Asks for the hosts a profile or a site needs (docs/architecture.md, "Tokens and secrets stay
 * where they were given"), for every port of each host. Call it inside the click, before any
 * `await`: Firefox honours a permission request only while it handles the user's action. Hosts already granted resolve `true` with no prompt (plain
 * http on localhost and 127.0.0.1 is granted at install).
 */
export function requestHosts(origins: readonly string[]): Promise<boolean> {
  if (origins.length === 0) return Promise.resolve(true);
  return browser.permissions.request({ origins: matchPatterns(origins, false) });
}
