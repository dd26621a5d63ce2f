import browser, { type DeclarativeNetRequest } from 'webextension-polyfill';
import type { HeaderRule } from '../core/header-rules';

/**
 * Replaces the header-injection rules. Session rules: the browser keeps them in memory only, so
 * no token is written to disk with them; the worker sets them again at every start.
 */
export async function setHeaderRules(rules: readonly HeaderRule[]): Promise<void> {
  const existing = await browser.declarativeNetRequest.getSessionRules();
  await browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds: existing.map((r) => r.id),
    // The core's rule is the browser's rule shape, written as plain data.
    addRules: rules as unknown as DeclarativeNetRequest.Rule[],
  });
}
