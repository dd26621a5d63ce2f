import { authenticate } from '../core/client-auth';
import { fail, ok, type Result } from '../core/failure';
import { buildRevokeRequest } from '../core/grants';
import type { HttpResponse } from '../core/http';
import { maskValues } from '../core/mask';
import { requestTimeoutMs } from '../core/profile';
import { expiryWarningAt } from '../core/refresh-plan';
import { revocationOutcome, type Revocation } from '../core/revocation';
import type { Deps } from './deps';
import { recordLock } from './store';
import { fingerprint, interrupted, refreshProvider } from './refresh';
import {
  HEADERS_ALARM,
  REFRESH_ALARM,
  WARNING_ALARM,
  planFor,
  refreshAlarm,
  schedule,
  reflect,
} from './schedule';

/** A refresh a worker start found to do, and the tokens it saw (`RefreshOptions.seen`). */
export interface DueRefresh {
  readonly id: string;
  readonly seen: number;
}

/**
 * What every worker start does before it answers anything (docs/architecture.md, "Start-up"): a
 * refresh that a killed worker left half done is settled as interrupted (its request may have
 * reached the server), every connected provider gets an alarm if it has none, the badge and
 * header rules are set again, and the page bridge runs on exactly the allowed sites. Returns the
 * refreshes to do now, for `refreshDue`: tokens that came due while no worker ran (device asleep,
 * browser closed), and interrupted refreshes of providers that keep their refresh token. Each of
 * those providers already has an alarm too, should the worker die before that.
 */
export async function repair(deps: Deps): Promise<DueRefresh[]> {
  const due: DueRefresh[] = [];
  for (const profile of await deps.store.profiles()) {
    let record = await deps.store.record(profile);
    if (!record) continue;
    let resend = false;
    if (record.status === 'refreshing') {
      const spent =
        record.attempt !== undefined &&
        record.attempt.fingerprint === (await fingerprint(record.tokens.refreshToken));
      record = spent
        ? interrupted(record, 'the worker stopped before the answer came', deps.clock.now())
        : { ...record, status: record.error ? 'error' : 'fresh' };
      resend = spent && record.status === 'error';
      await deps.store.putRecord(profile, record);
    }
    if (record.status === 'needs-sign-in') {
      await schedule(deps, profile, record);
      continue;
    }
    if (resend || planFor(deps, profile, record).kind === 'refresh-now')
      due.push({ id: profile.id, seen: record.tokens.obtainedAt });
    if ((await deps.alarms.scheduledAt(refreshAlarm(profile.id))) === undefined) {
      await schedule(deps, profile, record);
    }
  }
  await reflect(deps);
  await deps.syncBridge(await deps.consent.sites());
  return due;
}

/** Does the refreshes a start found, unless another caller got new tokens first. */
export async function refreshDue(deps: Deps, due: readonly DueRefresh[]): Promise<void> {
  await Promise.all(due.map(({ id, seen }) => refreshProvider(deps, id, { force: true, seen })));
}

export async function onAlarm(deps: Deps, name: string): Promise<void> {
  if (name === HEADERS_ALARM) await reflect(deps);
  else if (name.startsWith(REFRESH_ALARM)) {
    const id = name.slice(REFRESH_ALARM.length);
    await refreshProvider(deps, id);
    // The alarm repeats until set again: a refresh that was not due (an early alarm) sets it for
    // when it is, and one for a provider gone or signed out clears it.
    const profile = await deps.store.profile(id);
    if (profile) await schedule(deps, profile, await deps.store.record(profile));
    else await deps.alarms.clear(name);
  } else if (name.startsWith(WARNING_ALARM)) {
    const profile = await deps.store.profile(name.slice(WARNING_ALARM.length));
    const record = profile && (await deps.store.record(profile));
    const warnAt = record && expiryWarningAt(record.tokens);
    const end = record?.tokens.refreshExpiresAt;
    if (
      !profile ||
      !record ||
      warnAt === undefined ||
      end === undefined ||
      deps.clock.now() < warnAt
    )
      return;
    const minutes = Math.max(1, Math.round((end - deps.clock.now()) / 60_000));
    await deps.attention.notify(
      name,
      `${profile.name}: sign in soon`,
      `Its refresh token runs out in about ${minutes} min; then you will have to sign in again.`,
    );
  }
}

/** The `obtainedAt` a caller sees before it waits for the lock (see `RefreshOptions.seen`). */
async function seenNow(deps: Deps, id: string): Promise<{ seen?: number }> {
  const profile = await deps.store.profile(id);
  const seen = profile && (await deps.store.record(profile))?.tokens.obtainedAt;
  return seen === undefined ? {} : { seen };
}

/**
 * An access token valid for at least `minValidityMs`, refreshed first when needed. When another
 * caller refreshed while this one waited, it gets that fresh token, even if the provider's tokens
 * never live as long as was asked.
 */
/**
 * Providers give times in whole seconds (a JWT's `iat` and `exp`, `expires_in`), so a token can
 * end up to a second before the time worked out from them, and a token handed over still has to
 * reach its API. One with less than this left is refreshed first, or not handed out.
 */
export const HANDOUT_MARGIN_MS = 2000;

export async function getToken(
  deps: Deps,
  id: string,
  minValidityMs = 0,
): Promise<Result<{ accessToken: string; tokenType: string; expiresAt: number }>> {
  const tokens = await refreshProvider(deps, id, {
    minValidityMs: Math.max(minValidityMs, HANDOUT_MARGIN_MS),
    ...(await seenNow(deps, id)),
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
  retryInterrupted = false,
): Promise<Result<{ expiresAt: number }>> {
  const tokens = await refreshProvider(deps, id, {
    force: true,
    joinRecent: true,
    retryInterrupted,
  });
  return tokens.ok ? ok({ expiresAt: tokens.value.expiresAt }) : tokens;
}

/**
 * Disconnects: revokes the refresh token (RFC 7009) where the profile can, then always wipes the
 * tokens, state and alarms here, whatever the provider said. The answer says, in words, whether
 * the refresh token still works at the provider.
 */
export async function disconnect(deps: Deps, id: string): Promise<Result<Revocation>> {
  const profile = await deps.store.profile(id);
  if (!profile) return fail('misconfigured', 'unknown_provider', `There is no provider "${id}".`);
  return deps.locks(recordLock(id), async () => {
    const record = await deps.store.record(profile);
    const token = record?.tokens.refreshToken;
    let answer: Result<HttpResponse> | undefined;
    if (profile.revoke && token !== undefined) {
      const built = buildRevokeRequest(profile, token, deps.identity.redirectUri);
      const request = built.ok
        ? await authenticate(profile, built.value, {
            now: deps.clock.now(),
            jti: crypto.randomUUID(),
          })
        : built;
      answer = request.ok
        ? await deps.http.send(request.value, requestTimeoutMs(profile))
        : request;
    }
    await deps.store.removeRecord(profile);
    await schedule(deps, profile, undefined);
    await reflect(deps);
    const outcome = revocationOutcome({
      endpoint: profile.revoke !== undefined,
      refreshToken: token !== undefined,
      ...(answer && { answer }),
    });
    const { clientSecret, apiKey } = profile.secrets;
    return ok({ ...outcome, message: maskValues(outcome.message, [token, clientSecret, apiKey]) });
  });
}
