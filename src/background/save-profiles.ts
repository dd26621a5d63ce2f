import { injectClashes } from '../core/header-rules';
import type { FieldError } from '../core/parse-profile';
import type { Profile } from '../core/profile';
import type { Deps } from './deps';
import { reflect, schedule } from './schedule';
import { recordLock } from './store';

export interface Saved {
  /** Prefixes another profile injects: nothing was saved. */
  readonly clashes: readonly FieldError[];
  /** Connected providers whose tokens were forgotten, because the new version sends elsewhere. */
  readonly signedOut: readonly string[];
}

/**
 * Stores checked profiles, all or none: none when one injects a prefix another profile has
 * (`pathOf` names each profile's place in what the user gave). Each is saved under its provider's
 * lock; its alarms and the header rules follow at once.
 *
 * Tokens were given for the places the stored version sends them: where `moved` says the new
 * version sends them elsewhere, the stored tokens are forgotten (nothing is sent anywhere) and the
 * pages allowed for the provider are asked again (as they are for a new client id), so a changed profile can never carry the user's
 * tokens to a host they were not meant for.
 */
export async function saveProfiles(
  deps: Deps,
  profiles: readonly Profile[],
  pathOf: (i: number) => string,
  moved: (previous: Profile, next: Profile) => boolean,
): Promise<Saved> {
  const stored = await deps.store.profiles();
  const clashes = clashesOf(stored, profiles, pathOf);
  if (clashes.length > 0) return { clashes, signedOut: [] };
  const signedOut: string[] = [];
  for (const profile of profiles) {
    const previous = stored.find((s) => s.id === profile.id);
    const forget = previous !== undefined && moved(previous, profile);
    await deps.locks(recordLock(profile.id), async () => {
      await deps.store.saveProfile(profile, previous);
      if (!forget) return;
      if (await deps.store.record(profile)) signedOut.push(profile.id);
      await deps.store.removeRecord(profile);
    });
    // Pages were allowed tokens of this provider and client: another one asks them again.
    const otherClient =
      previous !== undefined && previous.client.clientId !== profile.client.clientId;
    if (forget || otherClient) await forgetGrants(deps, profile.id);
    await schedule(deps, profile, await deps.store.record(profile));
  }
  await reflect(deps);
  return { clashes: [], signedOut };
}

/** Prefixes of `profiles` that another profile, stored or among them, injects too. */
export function clashesOf(
  stored: readonly Profile[],
  profiles: readonly Profile[],
  pathOf: (i: number) => string,
): FieldError[] {
  const all = [...stored.filter((s) => !profiles.some((p) => p.id === s.id)), ...profiles];
  return profiles.flatMap((profile, i) =>
    injectClashes(profile, all).map((e) => ({ ...e, path: `${pathOf(i)}${e.path}` })),
  );
}

/** Takes back every page's access to a provider: its next request asks the user again. */
export async function forgetGrants(deps: Deps, id: string): Promise<void> {
  const grants = await deps.consent.grants();
  if (grants.some((g) => g.provider === id))
    await deps.consent.putGrants(grants.filter((g) => g.provider !== id));
}
