import { siteGrants } from '../core/consent';
import { headerRules, injectInitiators } from '../core/header-rules';
import { HEADERS_ALARM } from './schedule';
import type { Profile } from '../core/profile/types';
import type { Deps } from './deps';

/** How many identities, of every provider, need the user: sign in again, or an error. */
async function needingUser(deps: Deps, profiles: readonly Profile[]): Promise<number> {
  let count = 0;
  for (const profile of profiles) {
    for (const { key } of (await deps.store.identities(profile))?.identities ?? []) {
      const status = (await deps.store.record(profile, key))?.status;
      if (status === 'needs-sign-in' || status === 'error') count += 1;
    }
  }
  return count;
}

/**
 * Brings what the browser shows and does in line with storage, after any change of state: the
 * toolbar badge counts the identities that need the user (sign in again, or an error), and the
 * header rules carry each provider's active identity's current access token to its URL prefixes until that token
 * runs out (an alarm then takes the rule away, unless a refresh came first).
 */
export async function syncBrowser(deps: Deps): Promise<void> {
  const profiles = await deps.store.profiles();
  // The active identities' tokens go into the header rules.
  const records = await Promise.all(profiles.map((p) => deps.store.record(p)));
  await deps.attention.badge(await needingUser(deps, profiles));
  // The terminal's grants are no page's: they add no initiator.
  const grants = siteGrants(await deps.consent.grants());
  const live = profiles.flatMap((profile, i) => {
    const record = records[i];
    if (!profile.inject || !record || record.status === 'needs-sign-in') return [];
    // The token's end on the real clock (the tester's shift moves it closer).
    const endsAt = record.tokens.expiresAt - (record.clockShiftMs ?? 0);
    const allowed = grants.filter((g) => g.provider === profile.id).map((g) => g.origin);
    return endsAt > deps.clock.now()
      ? [
          {
            profile,
            prefixes: profile.inject,
            accessToken: record.tokens.accessToken,
            initiators: injectInitiators(profile, allowed),
            endsAt,
          },
        ]
      : [];
  });
  const refused = await deps.setHeaderRules(headerRules(live));
  for (const i of refused) {
    const profile = live[i]?.profile;
    if (profile)
      await deps.attention.notify(
        `headers:${profile.id}`,
        `${profile.name}: no Authorization header`,
        'The browser refused the header rule for this provider; its requests go without the token.',
      );
  }
  if (live.length === 0) await deps.alarms.clear(HEADERS_ALARM);
  else await deps.alarms.set(HEADERS_ALARM, Math.min(...live.map((l) => l.endsAt)));
}
