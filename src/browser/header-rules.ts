import browser, { type DeclarativeNetRequest } from 'webextension-polyfill';
import type { HeaderRule } from '../core/header-rules';

const update = (removeRuleIds: number[], rules: readonly HeaderRule[]) =>
  browser.declarativeNetRequest.updateSessionRules({
    removeRuleIds,
    // The core's rule is the browser's rule shape, written as plain data.
    addRules: rules as unknown as DeclarativeNetRequest.Rule[],
  });

/**
 * Replaces the header-injection rules, one group per provider. Session rules: the browser keeps
 * them in memory only, so no token is written to disk with them; the worker sets them again at
 * every start.
 *
 * The browser takes an update all or nothing, so one rule it refuses would keep every old rule,
 * tokens of disconnected providers included. On any refusal the rules are all removed (fail
 * closed) and the groups added back one by one; the indexes of the groups refused are returned.
 * Rules the same as the last ones this worker set are not sent again. Never throws.
 */
export async function setHeaderRules(
  groups: readonly (readonly HeaderRule[])[],
): Promise<number[]> {
  // The same rules as this worker last set: the browser has them already.
  const key = JSON.stringify(groups);
  if (applied?.key === key) return applied.refused;
  applied = undefined;
  const refused = await replaceRules(groups);
  applied = { key, refused };
  return refused;
}

/** The rules this worker last set, and the groups the browser refused then. */
let applied: { readonly key: string; readonly refused: number[] } | undefined;

async function replaceRules(groups: readonly (readonly HeaderRule[])[]): Promise<number[]> {
  const existing = (await browser.declarativeNetRequest.getSessionRules()).map((r) => r.id);
  try {
    await update(existing, groups.flat());
    return [];
  } catch {
    const refused: number[] = [];
    try {
      await update(existing, []);
    } catch {
      return groups.map((_, i) => i);
    }
    for (const [i, group] of groups.entries()) {
      await update([], group).catch(() => refused.push(i));
    }
    return refused;
  }
}
