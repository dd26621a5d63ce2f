import { fail, ok, type Result } from '../core/failure';
import { identityLabel, nameProblem } from '../core/identity';
import type { Profile } from '../core/profile/types';
import type { Reply } from '../shared/protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { signedOut, unknownProvider } from './errors';
import { identitiesLock, recordLock } from './store';

/**
 * The key of the identity a request is about: the one it names, else the active one;
 * `undefined` when the provider is signed out or has no identity of that key.
 */
export async function identityKeyOf(
  deps: Deps,
  profile: Profile,
  key?: string,
): Promise<string | undefined> {
  const list = await deps.store.identities(profile);
  const wanted = key ?? list?.active;
  return list?.identities.some((entry) => entry.key === wanted) ? wanted : undefined;
}

/**
 * Runs `task` while no identity of the provider is being refreshed, signed in or removed: the
 * list's lock, then each identity's in the list's order (docs/architecture.md, "Identities").
 */
export function withEveryIdentity<T>(
  deps: Deps,
  profile: Profile,
  task: () => Promise<T>,
): Promise<T> {
  return deps.locks(identitiesLock(profile.id), async () => {
    const keys = (await deps.store.identities(profile))?.identities.map(({ key }) => key) ?? [];
    const locked = keys.reduceRight<() => Promise<T>>(
      (inner, key) => () => deps.locks(recordLock(profile.id, key), inner),
      task,
    );
    return locked();
  });
}

/** Runs `task` on a provider's list of identities under its lock, for one named identity. */
async function changeList<T>(
  deps: Deps,
  id: string,
  key: string,
  task: (profile: Profile) => Promise<Result<T>>,
): Promise<Result<T>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  return deps.locks(identitiesLock(id), async () => {
    const list = await deps.store.identities(profile);
    if (!list) return signedOut();
    if (!list.identities.some((entry) => entry.key === key))
      return fail('misconfigured', 'unknown_identity', 'That identity is no longer signed in.');
    return task(profile);
  });
}

/**
 * Makes an identity the active one: its token goes into the header rules at once, before the
 * answer, so the next request the browser sends carries it; pages that name no identity get it.
 */
export function useIdentity(deps: Deps, id: string, key: string): Promise<Reply<'useIdentity'>> {
  return changeList(deps, id, key, async (profile) => {
    const list = await deps.store.identities(profile);
    if (list && list.active !== key)
      await deps.store.putIdentities(profile, { ...list, active: key });
    await syncBrowser(deps);
    return ok({ active: key });
  });
}

/** Renames an identity: a name of its own, unique within the provider. */
export function renameIdentity(
  deps: Deps,
  id: string,
  key: string,
  name: string,
): Promise<Reply<'renameIdentity'>> {
  return changeList(deps, id, key, async (profile) => {
    const list = await deps.store.identities(profile);
    const entries = list?.identities ?? [];
    const problem = nameProblem(name, key, entries);
    if (problem !== undefined) return fail('misconfigured', 'bad_identity_name', problem);
    const renamed = entries.map((entry) =>
      entry.key === key ? { ...entry, name: name.trim() } : entry,
    );
    if (list) await deps.store.putIdentities(profile, { ...list, identities: renamed });
    return ok({ name: identityLabel({ key, name: name.trim() }) });
  });
}
