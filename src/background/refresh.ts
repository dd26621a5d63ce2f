import { INTERRUPTED, fail, failure, ok, type Failure, type Result } from '../core/failure';
import { signsInSilently } from '../core/authorize';
import { buildRefreshRequest } from '../core/grants';
import { whoSignedIn } from '../core/identity';
import type { Profile } from '../core/profile/types';
import { nextFailures } from '../core/refresh-plan';
import { mergeRefreshed, type TokenSet } from '../core/token-set';
import type { AccessToken } from '../shared/page-protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { signedOut, unknownProvider } from './errors';
import { silentSignIn } from './connection';
import { exchange, type Exchange } from './exchange';
import {
  REFRESH_REPEAT_MS,
  nextAttemptAt,
  planFor,
  planSettings,
  providerNow,
  refreshAlarm,
  schedule,
} from './schedule';
import { rotation, withEntry } from './timeline';
import type { ProviderRecord } from './records';
import { identityKeyOf } from './identities';
import { recordLock } from './store';

export interface RefreshOptions {
  /** The identity (its key); the active one when absent. */
  readonly identity?: string | undefined;
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
  /** A refresh that ended within `JOIN_WINDOW_MS` counts as this one ("Refresh now"). */
  readonly joinRecent?: boolean;
  /** Send a refresh token that an interrupted refresh may have spent: the user's "try anyway". */
  readonly retryInterrupted?: boolean;
  /**
   * After an interrupted refresh on a provider that replaces its refresh token (a worker start
   * found it): sign in again without a window where the profile can, never sending that token.
   */
  readonly signInAgain?: boolean;
  /** Hears the exact request and response ("Test refresh" shows them, masked). */
  readonly onExchange?: (exchange: Exchange) => void;
}

/** A "Refresh now" that comes this soon after a refresh ended takes that outcome: a double click. */
export const JOIN_WINDOW_MS = 1000;

/**
 * Names a refresh token without holding it: the first 8 bytes of its SHA-256, in hex. An attempt
 * records it, so that a token an unanswered request may have spent is known when seen again.
 */
export async function fingerprint(token: string | undefined): Promise<string> {
  if (token === undefined) return '';
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest).slice(0, 8)]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/**
 * The record after a refresh that may have reached the server and got no answer (`why`: the
 * worker stopped, or the request timed out or lost its connection). A provider that keeps its
 * refresh token is retried at once with it. One that replaces it at each refresh, or has not been
 * seen refreshing yet, may have spent it: sending it again would look like token theft to a server
 * with reuse detection, which revokes the whole family. The user decides.
 */
export function interrupted(record: ProviderRecord, why: string, now: number): ProviderRecord {
  const { failures: _, ...kept } = record;
  if (rotation(record.timeline) === 'keeps') {
    const error = failure(
      'transient',
      INTERRUPTED,
      `The last refresh was interrupted after it was sent (${why}); this provider keeps its refresh token, so it is sent again.`,
    );
    const count = (record.failures?.count ?? 0) + 1;
    return { ...kept, status: 'error', error, failures: { count, lastAt: now, retryAt: now } };
  }
  const error = failure(
    'reauth',
    INTERRUPTED,
    `The last refresh was interrupted after it was sent (${why}); the provider has probably replaced the refresh token: sign in again.`,
  );
  return { ...kept, status: 'needs-sign-in', error };
}

/** "The provider did not answer." → "the provider did not answer", to go inside a sentence. */
const lowerSentence = (text: string) =>
  text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');

/** Writes the outcome in one `storage.set`, then schedules; only then is any caller answered. */
async function settle(
  deps: Deps,
  profile: Profile,
  key: string,
  before: ProviderRecord,
  { result, via }: Outcome,
): Promise<Result<TokenSet>> {
  const now = deps.clock.now();
  const { attempt, error, failures, ...rest } = before;
  let record: ProviderRecord;
  if (result.ok) {
    const tokens = mergeRefreshed(before.tokens, result.value);
    record = {
      ...rest,
      tokens,
      status: 'fresh',
      lastRefreshAt: now,
      timeline: withEntry(before, via, tokens),
    };
  } else if (result.error.unanswered) {
    record = interrupted(before, lowerSentence(result.error.message), now);
  } else if (result.error.kind === 'reauth') {
    record = { ...rest, status: 'needs-sign-in', error: result.error };
  } else {
    const input = {
      now,
      random: deps.clock.random(),
      ...(result.error.retryAfterMs !== undefined && { retryAfterMs: result.error.retryAfterMs }),
    };
    const next = nextFailures(failures, input, planSettings(profile));
    record = { ...rest, status: 'error', error: result.error, failures: next };
  }
  await deps.store.putRecord(profile, key, record);
  await schedule(deps, profile, key, record);
  await syncBrowser(deps);
  return result.ok ? ok(record.tokens) : { ok: false, error: record.error ?? result.error };
}

/** What a refresh that just ended gave: its tokens, or its failure. */
const outcome = (record: ProviderRecord): Result<TokenSet> =>
  record.error ? { ok: false, error: record.error } : ok(record.tokens);

const endedAt = (record: ProviderRecord): number =>
  Math.max(record.lastRefreshAt ?? -Infinity, record.failures?.lastAt ?? -Infinity);

/** Why a caller gets no token while a backoff runs: the failure, and when the next try comes. */
function backingOff(deps: Deps, profile: Profile, record: ProviderRecord): Failure {
  const error = record.error ?? failure('transient', 'expired', 'The access token has expired.');
  const retryAt = nextAttemptAt(deps, profile, record);
  if (retryAt === undefined) return error;
  const seconds = Math.max(1, Math.ceil((retryAt - deps.clock.now()) / 1000));
  return { ...error, message: `${error.message} Token Keeper tries again in ${seconds} s.` };
}

/**
 * Refreshes one identity's tokens if they need it (docs/architecture.md, "Refresh"): one
 * refresh per identity at a time, the record re-read inside the lock, transient failures backed
 * off; another identity of the provider is never read or written. Before the request goes out the attempt is written down, so a worker that dies while the
 * request is in flight leaves the knowledge that the refresh token may be spent, and an alarm at
 * the floor, which wakes the next worker.
 */
export async function refreshProvider(
  deps: Deps,
  id: string,
  options: RefreshOptions = {},
): Promise<Result<TokenSet>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const key = await identityKeyOf(deps, profile, options.identity);
  if (key === undefined) return signedOut();
  return deps.locks(recordLock(id, key), async () => {
    const record = await deps.store.record(profile, key);
    if (!record) return signedOut();
    const retrying = options.retryInterrupted === true && record.error?.code === INTERRUPTED;
    // A refresh a stopped worker left unanswered, on a provider that replaces its refresh token:
    // never sent again, but a sign-in without a window may stand in for it.
    const signingInAgain =
      options.signInAgain === true &&
      record.status === 'needs-sign-in' &&
      record.error?.code === INTERRUPTED &&
      signsInSilently(profile);
    if (signingInAgain) {
      const again = await silentlyAs(deps, profile, key, record);
      // Not signed in: the interrupted refresh stays the user's decision, as it was.
      if (!again.ok) return { ok: false, error: record.error ?? again.error };
      return settle(deps, profile, key, record, { result: again, via: 'sign-in' });
    }
    if (record.status === 'needs-sign-in' && !retrying)
      return { ok: false, error: record.error ?? signedOut().error };
    if (options.seen !== undefined && record.tokens.obtainedAt !== options.seen)
      return ok(record.tokens);
    const now = deps.clock.now();
    if (options.joinRecent && !retrying && now - endedAt(record) < JOIN_WINDOW_MS)
      return outcome(record);

    const enough =
      record.tokens.expiresAt - providerNow(deps, record) > (options.minValidityMs ?? 0);
    const plan = planFor(deps, profile, record);
    // A caller that needs more validity than is left may refresh early, unless backing off.
    const due =
      plan.kind === 'refresh-now' || (plan.kind === 'wait' && !enough && !record.failures);
    if (!options.force && !retrying && !due) {
      if (enough) return ok(record.tokens);
      return { ok: false, error: backingOff(deps, profile, record) };
    }
    const attempt = { startedAt: now, fingerprint: await fingerprint(record.tokens.refreshToken) };
    const sending: ProviderRecord = { ...record, status: 'refreshing', attempt };
    await deps.store.putRecord(profile, key, sending);
    // A worker that dies before the answer is stored is followed by one within the alarm floor,
    // which settles the attempt (and sends it again, for a provider that keeps its refresh token),
    // not at the next repeat of an alarm that fired a minute ago. The outcome sets the real plan.
    const floor = now + planSettings(profile).floorMs;
    await deps.alarms.set(refreshAlarm(id, key), floor, REFRESH_REPEAT_MS);
    const renewed = await renew(deps, profile, key, record, options.onExchange);
    return settle(deps, profile, key, sending, renewed);
  });
}

/** What a refresh got, and how: a refresh request, or a sign-in again without a window. */
interface Outcome {
  readonly result: Result<TokenSet>;
  readonly via: 'refresh' | 'sign-in';
}

/**
 * New tokens for one identity: a refresh request; and where the profile signs in silently and a
 * refresh cannot be made (no refresh token, one the provider refused, or one a rotating provider
 * may have spent in a request that got no answer), a sign-in again without a window
 * (docs/architecture.md, "Silent sign-in"). Its failure says both reasons.
 */
async function renew(
  deps: Deps,
  profile: Profile,
  key: string,
  record: ProviderRecord,
  onExchange: RefreshOptions['onExchange'],
): Promise<Outcome> {
  const silent = signsInSilently(profile);
  // The server decides whether a refresh token still works, even one past its expected end; only
  // a provider that signs in silently skips the request when there is no refresh token at all.
  let refreshed: Result<TokenSet> | undefined;
  if (!silent || record.tokens.refreshToken !== undefined) {
    const request = buildRefreshRequest(profile, record.tokens, deps.identity.redirectUri);
    const { refreshToken, accessToken, idToken } = record.tokens;
    refreshed = await exchange(deps, profile, 'refresh_token', request, {
      known: [refreshToken, accessToken, idToken],
      onExchange,
    });
  }
  const refused =
    refreshed === undefined ||
    (!refreshed.ok &&
      (refreshed.error.kind === 'reauth' ||
        (refreshed.error.unanswered === true && rotation(record.timeline) !== 'keeps')));
  if (refreshed !== undefined && !(silent && refused)) return { result: refreshed, via: 'refresh' };
  const again = await silentlyAs(deps, profile, key, record);
  if (again.ok) return { result: again, via: 'sign-in' };
  // A refresh token that may be spent stays the user's decision ("Try the old refresh token").
  if (refreshed?.ok === false && refreshed.error.unanswered === true)
    return { result: refreshed, via: 'refresh' };
  const first =
    refreshed?.ok === false
      ? `The refresh failed (${lowerSentence(refreshed.error.message)})`
      : 'There is no refresh token';
  return {
    result: fail(
      'reauth',
      again.error.code,
      `${first}, and signing in again without a window did not work: ${lowerSentence(again.error.message)}. Sign in again.`,
    ),
    via: 'sign-in',
  };
}

/** A sign-in without a window, which must come back as the identity it is for. */
async function silentlyAs(
  deps: Deps,
  profile: Profile,
  key: string,
  record: ProviderRecord,
): Promise<Result<TokenSet>> {
  const entry = (await deps.store.identities(profile))?.identities.find((e) => e.key === key);
  const subject = entry?.subject ?? whoSignedIn(record.tokens).subject;
  return silentSignIn(deps, profile, subject);
}

/**
 * The identity a caller asks for, by key, and the `obtainedAt` it sees before it waits for the
 * lock (see `RefreshOptions.seen`).
 */
async function seenNow(
  deps: Deps,
  id: string,
  identity: string | undefined,
): Promise<{ identity?: string; seen?: number }> {
  const profile = await deps.store.profile(id);
  const key = profile && (await identityKeyOf(deps, profile, identity));
  if (!profile || key === undefined) return identity === undefined ? {} : { identity };
  const seen = (await deps.store.record(profile, key))?.tokens.obtainedAt;
  return { identity: key, ...(seen !== undefined && { seen }) };
}

/**
 * Providers give times in whole seconds (a JWT's `iat` and `exp`, `expires_in`), so a token can
 * end up to a second before the time worked out from them, and a token handed over still has to
 * reach its API. One with less than this left is refreshed first, or not handed out.
 */
export const HANDOUT_MARGIN_MS = 2000;

/**
 * An access token valid for at least `minValidityMs`, refreshed first when needed. When another
 * caller refreshed while this one waited, it gets that fresh token, even if the provider's tokens
 * never live as long as was asked.
 */
export async function getToken(
  deps: Deps,
  id: string,
  minValidityMs = 0,
  identity?: string,
): Promise<Result<AccessToken>> {
  const tokens = await refreshProvider(deps, id, {
    minValidityMs: Math.max(minValidityMs, HANDOUT_MARGIN_MS),
    ...(await seenNow(deps, id, identity)),
  });
  if (!tokens.ok) return tokens;
  const { accessToken, tokenType, expiresAt } = tokens.value;
  if (expiresAt - HANDOUT_MARGIN_MS <= deps.clock.now()) {
    return fail(
      'transient',
      'expired',
      'The access token has expired and could not be refreshed yet.',
    );
  }
  return ok({ accessToken, tokenType, expiresAt });
}

/**
 * "Refresh now": one request however many ask at once or in a quick run of clicks (a refresh that
 * ended within `JOIN_WINDOW_MS` is joined); all of them get its outcome. `retryInterrupted` sends
 * a refresh token that an interrupted refresh may have spent, when the user chose to try it.
 */
export async function refreshNow(
  deps: Deps,
  id: string,
  identity?: string,
  retryInterrupted = false,
): Promise<Result<{ expiresAt: number }>> {
  const tokens = await refreshProvider(deps, id, {
    identity,
    force: true,
    joinRecent: true,
    retryInterrupted,
  });
  return tokens.ok ? ok({ expiresAt: tokens.value.expiresAt }) : tokens;
}
