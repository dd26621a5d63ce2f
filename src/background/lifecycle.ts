import { fail, ok, type Result } from '../core/failure';
import { buildRevokeRequest } from '../core/grants';
import { expiryWarningAt } from '../core/refresh-plan';
import type { Deps } from './deps';
import { refreshProvider } from './refresh';
import {
  HEADERS_ALARM,
  REFRESH_ALARM,
  WARNING_ALARM,
  planFor,
  schedule,
  reflect,
} from './schedule';

/**
 * What every worker start does before it answers anything: a refresh that a killed worker left
 * half done is no longer running (its lock died with it), a missing alarm is set again from
 * storage, the badge and header rules are set again, and the page bridge runs on exactly the
 * allowed sites. Returns the providers whose tokens came due while no worker ran (device asleep,
 * browser closed), for `refreshDue`.
 */
export async function repair(deps: Deps): Promise<string[]> {
  const due: string[] = [];
  for (const profile of await deps.store.profiles()) {
    let record = await deps.store.record(profile);
    if (!record) continue;
    if (record.status === 'refreshing') {
      record = { ...record, status: record.error ? 'error' : 'fresh' };
      await deps.store.putRecord(profile, record);
    }
    if (record.status === 'needs-sign-in') continue;
    if (planFor(deps, profile, record).kind === 'refresh-now') due.push(profile.id);
    else if ((await deps.alarms.scheduledAt(`${REFRESH_ALARM}${profile.id}`)) === undefined) {
      await schedule(deps, profile, record);
    }
  }
  await reflect(deps);
  await deps.syncBridge(await deps.consent.sites());
  return due;
}

export async function refreshDue(deps: Deps, ids: readonly string[]): Promise<void> {
  await Promise.all(ids.map((id) => refreshProvider(deps, id)));
}

export async function onAlarm(deps: Deps, name: string): Promise<void> {
  if (name === HEADERS_ALARM) await reflect(deps);
  else if (name.startsWith(REFRESH_ALARM)) {
    const id = name.slice(REFRESH_ALARM.length);
    await refreshProvider(deps, id);
    // A refresh that was not due (an early alarm) or that failed still needs its next alarm.
    const profile = await deps.store.profile(id);
    if (profile && (await deps.alarms.scheduledAt(name)) === undefined) {
      await schedule(deps, profile, await deps.store.record(profile));
    }
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
export async function getToken(
  deps: Deps,
  id: string,
  minValidityMs = 0,
): Promise<Result<{ accessToken: string; tokenType: string; expiresAt: number }>> {
  const tokens = await refreshProvider(deps, id, { minValidityMs, ...(await seenNow(deps, id)) });
  if (!tokens.ok) return tokens;
  const { accessToken, tokenType, expiresAt } = tokens.value;
  if (expiresAt <= deps.clock.now()) {
    return fail(
      'transient',
      'expired',
      'The access token has expired and could not be refreshed yet.',
    );
  }
  return ok({ accessToken, tokenType, expiresAt });
}

/** "Refresh now": one request however many ask at once; all of them get its outcome. */
export async function refreshNow(deps: Deps, id: string): Promise<Result<{ expiresAt: number }>> {
  const tokens = await refreshProvider(deps, id, { force: true, ...(await seenNow(deps, id)) });
  return tokens.ok ? ok({ expiresAt: tokens.value.expiresAt }) : tokens;
}

/**
 * Disconnects: revokes the refresh token (RFC 7009) when the profile can, then always wipes the
 * tokens, state and alarms here, whatever the provider said.
 */
export async function disconnect(deps: Deps, id: string): Promise<Result<{ revoked: boolean }>> {
  const profile = await deps.store.profile(id);
  if (!profile) return fail('misconfigured', 'unknown_provider', `There is no provider "${id}".`);
  return deps.locks(`refresh:${id}`, async () => {
    const record = await deps.store.record(profile);
    let revoked = false;
    const token = record?.tokens.refreshToken;
    if (profile.revoke && token !== undefined) {
      const request = buildRevokeRequest(profile, token, deps.identity.redirectUri);
      const sent = request.ok ? await deps.http.send(request.value) : request;
      revoked = sent.ok && sent.value.status === 200;
    }
    await deps.store.removeRecord(profile);
    await schedule(deps, profile, undefined);
    await reflect(deps);
    return ok({ revoked });
  });
}
