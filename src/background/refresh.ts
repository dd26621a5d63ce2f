import { fail, ok, type Result } from '../core/failure';
import { buildRefreshRequest } from '../core/grants';
import type { Profile } from '../core/profile';
import { mergeRefreshed, type TokenSet } from '../core/token-set';
import type { Deps } from './deps';
import { exchange, type Exchange } from './exchange';
import { planFor, providerNow, schedule, reflect } from './schedule';
import { withEntry } from './timeline';
import type { ProviderRecord } from './store';

export interface RefreshOptions {
  /** Refresh even when the token is not due ("Refresh now"). */
  readonly force?: boolean;
  /** The access token must stay valid at least this long. */
  readonly minValidityMs?: number;
  /**
   * The `obtainedAt` the caller saw before waiting for the lock. It is the send time of the
   * request that got the tokens, so it changes with every refresh: if it changed meanwhile,
   * someone else refreshed, and the caller takes those tokens.
   */
  readonly seen?: number;
  /** Hears the exact request and response ("Test refresh" shows them, masked). */
  readonly onExchange?: (exchange: Exchange) => void;
}

const unknownProvider = (id: string) =>
  fail('misconfigured', 'unknown_provider', `There is no provider "${id}".`);
const signedOut = () => fail('reauth', 'signed_out', 'Not signed in: connect first.');

/** Writes the outcome in one `storage.set`, then schedules; only then is any caller answered. */
async function settle(
  deps: Deps,
  profile: Profile,
  before: ProviderRecord,
  result: Result<TokenSet>,
): Promise<Result<TokenSet>> {
  const now = deps.clock.now();
  let record: ProviderRecord;
  if (result.ok) {
    const tokens = mergeRefreshed(before.tokens, result.value);
    record = {
      tokens,
      status: 'fresh',
      lastRefreshAt: now,
      timeline: withEntry(before, 'refresh', tokens),
      ...(before.clockShiftMs !== undefined && { clockShiftMs: before.clockShiftMs }),
    };
  } else if (result.error.kind === 'reauth') {
    const { failures: _, ...kept } = before;
    record = { ...kept, status: 'needs-sign-in', error: result.error };
  } else {
    const failures = {
      count: (before.failures?.count ?? 0) + 1,
      lastAt: now,
      ...(result.error.retryAfterMs !== undefined && { retryAfterMs: result.error.retryAfterMs }),
    };
    record = { ...before, status: 'error', error: result.error, failures };
  }
  await deps.store.putRecord(profile, record);
  await schedule(deps, profile, record);
  await reflect(deps);
  return result.ok ? ok(record.tokens) : result;
}

/**
 * Refreshes one provider's tokens if they need it (DESIGN.md, decision 4): one refresh per
 * provider at a time, the record re-read inside the lock, transient failures backed off.
 */
export function refreshProvider(
  deps: Deps,
  id: string,
  options: RefreshOptions = {},
): Promise<Result<TokenSet>> {
  return deps.locks(`refresh:${id}`, async () => {
    const profile = await deps.store.profile(id);
    if (!profile) return unknownProvider(id);
    const record = await deps.store.record(profile);
    if (!record) return signedOut();
    if (record.status === 'needs-sign-in')
      return { ok: false, error: record.error ?? signedOut().error };
    if (options.seen !== undefined && record.tokens.obtainedAt !== options.seen)
      return ok(record.tokens);

    const enough =
      record.tokens.expiresAt - providerNow(deps, record) > (options.minValidityMs ?? 0);
    const plan = planFor(deps, profile, record);
    // A caller that needs more validity than is left may refresh early, unless backing off.
    const due =
      plan.kind === 'refresh-now' || (plan.kind === 'wait' && !enough && !record.failures);
    if (!options.force && !due) {
      if (enough) return ok(record.tokens);
      const expired = fail(
        'reauth',
        'expired',
        'The access token has expired; sign in again.',
      ).error;
      return { ok: false, error: record.error ?? expired };
    }
    await deps.store.putRecord(profile, { ...record, status: 'refreshing' });
    const request = buildRefreshRequest(profile, record.tokens, deps.identity.redirectUri);
    const result = await exchange(deps, profile, 'refresh_token', request, options.onExchange);
    return settle(deps, profile, record, result);
  });
}
