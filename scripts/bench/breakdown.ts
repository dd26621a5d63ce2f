import { fresh } from './fresh';
import { answeredInPage, medianOf } from './stats';

/** One platform call a refresh makes, how often it makes it, and what one costs here. */
export interface PlatformCost {
  readonly call: string;
  readonly perRefresh: number;
  readonly eachMs: number;
}

/**
 * What "Refresh now" for one provider asks of the browser, with six providers stored (the bench's
 * refresh figure) on a worker that has read them once: counted from `background/refresh.ts`,
 * `schedule.ts` and `browser-sync.ts`. The store answers reads from its memory (the consent
 * grants are still read), and the badge, the header rules and an alarm whose time did not change
 * are not sent again. Keep it in step when those change; `breakdown` times each call alone.
 */
const CALLS: Readonly<Record<string, number>> = {
  'runtime message, popup page → worker → answer (empty command)': 1,
  'navigator.locks.request': 1,
  'storage.local.get(key)': 1,
  'storage.local.set(record)': 2,
  'permissions.contains': 1,
  'crypto.subtle.digest (refresh token fingerprint)': 1,
  'alarms.create': 2,
  'action.setBadgeText + setBadgeBackgroundColor': 0,
  'declarativeNetRequest.getSessionRules + updateSessionRules': 0,
};

/** Calls a refresh makes that nobody waits for: the popup's snapshot, written after each store write. */
export const UNAWAITED: Readonly<Record<string, number>> = {
  'storage.session.set(status snapshot)': 2,
};

/** Each call as the worker makes it, with a record the size of a real one. */
const OPS: Readonly<Record<string, string>> = {
  'navigator.locks.request': "await navigator.locks.request('bench', async () => {})",
  'storage.local.get(key)': "await chrome.storage.local.get('bench:record')",
  'storage.local.set(record)': "await chrome.storage.local.set({ 'bench:record': record })",
  'permissions.contains': "await chrome.permissions.contains({ origins: ['http://127.0.0.1/*'] })",
  'crypto.subtle.digest (refresh token fingerprint)':
    "await crypto.subtle.digest('SHA-256', new TextEncoder().encode('r'.repeat(900)))",
  'alarms.create': "await chrome.alarms.create('bench', { when: Date.now() + 3600000 })",
  'action.setBadgeText + setBadgeBackgroundColor':
    "await chrome.action.setBadgeText({ text: '' }); await chrome.action.setBadgeBackgroundColor({ color: '#b3261e' })",
  'declarativeNetRequest.getSessionRules + updateSessionRules':
    'await chrome.declarativeNetRequest.getSessionRules(); await chrome.declarativeNetRequest.updateSessionRules({ removeRuleIds: [999999] })',
  'storage.session.set(status snapshot)':
    "await chrome.storage.session.set({ 'bench:snapshot': { providers: Array.from({ length: 6 }, () => record.timeline) } })",
};

/**
 * Each platform call a refresh makes, timed alone in the built extension's worker (median of
 * RUNS × 20 calls), so the refresh's total can be read against what the browser itself costs.
 */
export const breakdown = (): Promise<PlatformCost[]> =>
  fresh(async ({ worker, page }) => {
    // Sent as source text: the worker runs it as written, with no helpers a bundler would add.
    const inWorker = (call: string) =>
      medianOf(() =>
        worker.evaluate<number>(`(async () => {
          const record = {
            tokens: { accessToken: 'a'.repeat(900), refreshToken: 'r'.repeat(900) },
            status: 'fresh',
            timeline: Array.from({ length: 10 }, (_, i) => ({ obtainedAt: i, expiresAt: i })),
          };
          const op = async () => { ${OPS[call] ?? 'throw new Error("unknown call")'}; };
          await op();
          const start = performance.now();
          for (let i = 0; i < 20; i += 1) await op();
          return (performance.now() - start) / 20;
        })()`),
      );
    const out: PlatformCost[] = [];
    for (const [call, perRefresh] of Object.entries({ ...CALLS, ...UNAWAITED })) {
      const eachMs = call.startsWith('runtime message')
        ? await medianOf(() =>
            answeredInPage(page, { type: 'consentAnswer', requestId: 'none', allow: false }),
          )
        : await inWorker(call);
      out.push({ call, perRefresh, eachMs });
    }
    return out;
  });
