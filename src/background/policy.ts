import { NO_POLICY, parsePolicy, type Policy } from '../core/policy';
import { routeChanges } from '../core/profile/targets';
import type { Profile } from '../core/profile/types';
import type { Deps } from './deps';
import { deleteProfileNow, saveProfiles } from './profiles';

/** The organization's policy as the browser gives it now, read (`{}`: none). */
export async function currentPolicy(deps: Deps): Promise<Policy> {
  const raw = await deps.managed().catch(() => ({}));
  return Object.keys(raw).length === 0 ? NO_POLICY : parsePolicy(raw);
}

/** Any change in where a profile sends secrets and tokens: the import rule. */
const moved = (previous: Profile, next: Profile) => routeChanges(previous, next).length > 0;

/**
 * Brings the stored profiles in line with the policy (at every start, and when the policy
 * changes): a profile it sets is saved as it says, keeping the user's secrets and tokens unless
 * its endpoints moved (the same rule as an import); a profile it no longer sets is deleted; the
 * user's own profiles are left alone. Answers what could not be applied, in words.
 */
export async function applyPolicy(deps: Deps): Promise<string[]> {
  const policy = await currentPolicy(deps);
  const before = await deps.store.managed();
  // The usual case, at every start: no policy profiles now or before, nothing to read or write.
  if (policy.profiles.length === 0 && before.length === 0) return [...policy.problems];
  const stored = new Map((await deps.store.profiles()).map((p) => [p.id, p]));
  const changed = policy.profiles.flatMap((profile) => {
    const previous = stored.get(profile.id);
    const next =
      previous && !moved(previous, profile) ? { ...profile, secrets: previous.secrets } : profile;
    return previous && JSON.stringify(previous) === JSON.stringify(next) ? [] : [next];
  });
  const problems = [...policy.problems];
  if (changed.length > 0) {
    const saved = await saveProfiles(deps, changed, (i) => `profiles[${i}].`, moved);
    problems.push(...saved.clashes.map((c) => `profiles: ${c.path} ${c.message}`));
  }
  const now = policy.profiles.map((p) => p.id);
  for (const id of before) if (!now.includes(id)) await deleteProfileNow(deps, id);
  if (now.join('\n') !== before.join('\n')) await deps.store.setManaged(now);
  return problems;
}
