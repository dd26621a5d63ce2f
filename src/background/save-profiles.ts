import { injectClashes } from '../core/header-rules';
import type { FieldError } from '../core/parse-profile';
import type { Profile } from '../core/profile';
import type { Deps } from './deps';
import { reflect, schedule } from './schedule';
import { recordLock } from './store';

/**
 * Stores checked profiles, all or none: none when one injects a prefix another profile has
 * (`pathOf` names each profile's place in what the user gave). Each is saved under its provider's
 * lock; its alarms and the header rules follow at once.
 */
export async function saveProfiles(
  deps: Deps,
  profiles: readonly Profile[],
  pathOf: (i: number) => string,
): Promise<readonly FieldError[]> {
  const stored = await deps.store.profiles();
  const all = [...stored.filter((s) => !profiles.some((p) => p.id === s.id)), ...profiles];
  const clashes = profiles.flatMap((profile, i) =>
    injectClashes(profile, all).map((e) => ({ ...e, path: `${pathOf(i)}${e.path}` })),
  );
  if (clashes.length > 0) return clashes;
  for (const profile of profiles) {
    const previous = stored.find((s) => s.id === profile.id);
    await deps.locks(recordLock(profile.id), () => deps.store.saveProfile(profile, previous));
    await schedule(deps, profile, await deps.store.record(profile));
  }
  await reflect(deps);
  return [];
}
