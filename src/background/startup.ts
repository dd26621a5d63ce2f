import type { Deps } from './deps';
import { syncBrowser } from './browser-sync';
import { fingerprint, interrupted, refreshProvider } from './refresh';
import { planFor, refreshAlarm, schedule } from './schedule';

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
  await syncBrowser(deps);
  await deps.syncBridge(await deps.consent.sites());
  return due;
}

/** Does the refreshes a start found, unless another caller got new tokens first. */
export async function refreshDue(deps: Deps, due: readonly DueRefresh[]): Promise<void> {
  await Promise.all(due.map(({ id, seen }) => refreshProvider(deps, id, { force: true, seen })));
}
