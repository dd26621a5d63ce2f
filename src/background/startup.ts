import { signsInSilently } from '../core/authorize';
import type { Profile } from '../core/profile/types';
import type { Deps } from './deps';
import { syncBrowser } from './browser-sync';
import { fingerprint, interrupted, refreshProvider } from './refresh';
import { planFor, refreshAlarm, schedule } from './schedule';

/** A refresh a worker start found to do, and the tokens it saw (`RefreshOptions.seen`). */
export interface DueRefresh {
  readonly id: string;
  readonly identity: string;
  readonly seen: number;
  /** An interrupted refresh that may have spent the token: a silent sign-in instead. */
  readonly signInAgain?: true;
}

/**
 * What every worker start does before it answers anything (docs/architecture.md, "Start-up"): a
 * record that no identity list names (an identity half added or half removed) goes, a refresh
 * that a killed worker left half done is settled as interrupted (its request may have reached the
 * server), every signed-in identity gets an alarm if it has none, the badge and
 * header rules are set again, and the page bridge runs on exactly the allowed sites. Returns the
 * refreshes to do now, for `refreshDue`: tokens that came due while no worker ran (device asleep,
 * browser closed), and interrupted refreshes of providers that keep their refresh token. Each of
 * those providers already has an alarm too, should the worker die before that.
 */
export async function repair(deps: Deps): Promise<DueRefresh[]> {
  const due: DueRefresh[] = [];
  await deps.store.dropUnlisted();
  for (const profile of await deps.store.profiles()) {
    for (const { key } of (await deps.store.identities(profile))?.identities ?? []) {
      const found = await repairIdentity(deps, profile, key);
      if (found) due.push(found);
    }
  }
  await syncBrowser(deps);
  await deps.syncBridge(await deps.consent.sites());
  return due;
}

/** One identity's part of `repair`: the refresh to do now, if one is due. */
async function repairIdentity(
  deps: Deps,
  profile: Profile,
  key: string,
): Promise<DueRefresh | undefined> {
  let record = await deps.store.record(profile, key);
  if (!record) return undefined;
  let resend = false;
  let interruptedNow = false;
  if (record.status === 'refreshing') {
    const spent =
      record.attempt !== undefined &&
      record.attempt.fingerprint === (await fingerprint(record.tokens.refreshToken));
    record = spent
      ? interrupted(record, 'the worker stopped before the answer came', deps.clock.now())
      : { ...record, status: record.error ? 'error' : 'fresh' };
    resend = spent && record.status === 'error';
    interruptedNow = spent;
    await deps.store.putRecord(profile, key, record);
  }
  if (record.status === 'needs-sign-in') {
    await schedule(deps, profile, key, record);
    // A refresh token this start just found possibly spent: a sign-in without a window, if any.
    return interruptedNow && signsInSilently(profile)
      ? { id: profile.id, identity: key, seen: record.tokens.obtainedAt, signInAgain: true }
      : undefined;
  }
  if ((await deps.alarms.scheduledAt(refreshAlarm(profile.id, key))) === undefined)
    await schedule(deps, profile, key, record);
  return resend || planFor(deps, profile, record).kind === 'refresh-now'
    ? { id: profile.id, identity: key, seen: record.tokens.obtainedAt }
    : undefined;
}

/** Does the refreshes a start found, unless another caller got new tokens first. */
export async function refreshDue(deps: Deps, due: readonly DueRefresh[]): Promise<void> {
  await Promise.all(
    due.map(({ id, identity, seen, signInAgain }) =>
      refreshProvider(deps, id, {
        identity,
        force: true,
        seen,
        ...(signInAgain && { signInAgain }),
      }),
    ),
  );
}
