import { expiryWarningAt } from '../core/refresh-plan';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { refreshProvider } from './refresh';
import { HEADERS_ALARM, REFRESH_ALARM, WARNING_ALARM, schedule } from './schedule';

/** What each of the worker's alarms does when it fires. */
export async function onAlarm(deps: Deps, name: string): Promise<void> {
  if (name === HEADERS_ALARM) await syncBrowser(deps);
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
    const warnAt = record && expiryWarningAt(record.tokens, profile.expiry.warnSeconds);
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
