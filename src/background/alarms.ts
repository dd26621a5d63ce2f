import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { refreshProvider } from './refresh';
import { identityLabel } from '../core/identity';
import type { Profile } from '../core/profile/types';
import { connect } from './connection';
import { identityKeyOf } from './identities';
import {
  HEADERS_ALARM,
  REFRESH_ALARM,
  WARNING_ALARM,
  alarmTarget,
  schedule,
  warningAt,
} from './schedule';

/** What each of the worker's alarms does when it fires. */
export async function onAlarm(deps: Deps, name: string): Promise<void> {
  if (name === HEADERS_ALARM) await syncBrowser(deps);
  else if (name.startsWith(REFRESH_ALARM)) {
    const { id, identity } = alarmTarget(name, REFRESH_ALARM);
    await refreshProvider(deps, id, identity === undefined ? {} : { identity });
    // The alarm repeats until set again: a refresh that was not due (an early alarm) sets it for
    // when it is, and one for an identity gone or signed out clears it. An alarm named before
    // identities gives way to the identity's own.
    const profile = await deps.store.profile(id);
    const key = profile && (await identityKeyOf(deps, profile, identity));
    if (profile && key !== undefined)
      await schedule(deps, profile, key, await deps.store.record(profile, key));
    if (key === undefined || identity === undefined) await deps.alarms.clear(name);
  } else if (name.startsWith(WARNING_ALARM)) {
    const { id, identity } = alarmTarget(name, WARNING_ALARM);
    const profile = await deps.store.profile(id);
    const key = profile && (await identityKeyOf(deps, profile, identity));
    const record = profile && key !== undefined ? await deps.store.record(profile, key) : undefined;
    const warnAt = record && profile && warningAt(profile, record.tokens);
    const end = record?.tokens.refreshExpiresAt;
    if (
      !profile ||
      !record ||
      warnAt === undefined ||
      end === undefined ||
      deps.clock.now() < warnAt
    )
      return;
    const list = await deps.store.identities(profile);
    const entry = list?.identities.find((e) => e.key === key);
    const who = entry && (list?.identities.length ?? 0) > 1 ? ` (${identityLabel(entry)})` : '';
    const minutes = Math.max(1, Math.round((end - deps.clock.now()) / 60_000));
    const window = signsInInWindow(profile);
    await deps.attention.notify(
      name,
      `${profile.name}${who}: sign in soon`,
      `Its refresh token runs out in about ${minutes} min; then you will have to sign in again.${window ? '' : ' Sign in again from the popup.'}`,
      ...(window ? [SIGN_IN_AGAIN] : []),
    );
  }
}

/** The warning's button. */
export const SIGN_IN_AGAIN = 'Sign in again now';

/** A sign-in the worker can start by itself: the provider's page in the sign-in window. */
const signsInInWindow = (profile: Profile) =>
  profile.signIn.kind === 'authorization_code' || profile.signIn.kind === 'connect';

/**
 * The user clicked a notification (or its button). The warning that a sign-in ends soon signs
 * that identity in again now, in the provider's sign-in window; any other notification only
 * goes away.
 */
export async function onNotificationAction(deps: Deps, name: string): Promise<void> {
  if (!name.startsWith(WARNING_ALARM)) return;
  const { id, identity } = alarmTarget(name, WARNING_ALARM);
  const profile = await deps.store.profile(id);
  if (!profile || !signsInInWindow(profile)) return;
  const key = await identityKeyOf(deps, profile, identity);
  if (key === undefined) return;
  const signedIn = await connect(deps, id, { identity: key });
  if (!signedIn.ok)
    await deps.attention.notify(
      name,
      `${profile.name}: not signed in again`,
      signedIn.error.message,
    );
}
