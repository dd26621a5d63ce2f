import browser from 'webextension-polyfill';
import { matchPatterns } from '../core/match-patterns';
import bridgeFile from '../content/bridge.ts?script&iife';

const ID = 'token-keeper-bridge';
/** Chromium's match patterns can name a port; Firefox's cannot (`npm run build:firefox`). */
const PORTS_MATCH = import.meta.env.MODE !== 'firefox';

/**
 * Registers the page bridge on the sites the user allowed (`scripting.registerContentScripts`;
 * the host permission for each site was asked for first). In Firefox that is every port of an
 * allowed host; the worker answers only the allowed origins themselves.
 */
export async function syncBridge(origins: readonly string[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [ID] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [ID] });
  if (origins.length === 0) return;
  await browser.scripting.registerContentScripts([
    {
      id: ID,
      js: [bridgeFile],
      matches: matchPatterns(origins, PORTS_MATCH),
      runAt: 'document_start',
      allFrames: false,
    },
  ]);
}
