import browser from 'webextension-polyfill';
import bridgeFile from '../content/bridge.ts?script&iife';

const ID = 'token-keeper-bridge';

/**
 * Registers the page bridge on exactly the sites the user allowed, and nowhere else
 * (`scripting.registerContentScripts`; the host permission for each site was asked for first).
 */
export async function syncBridge(origins: readonly string[]): Promise<void> {
  const registered = await browser.scripting.getRegisteredContentScripts({ ids: [ID] });
  if (registered.length > 0) await browser.scripting.unregisterContentScripts({ ids: [ID] });
  if (origins.length === 0) return;
  await browser.scripting.registerContentScripts([
    {
      id: ID,
      js: [bridgeFile],
      matches: origins.map((o) => `${o}/*`),
      runAt: 'document_start',
      allFrames: false,
    },
  ]);
}
