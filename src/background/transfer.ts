import { fail, ok, type Result } from '../core/failure';
import type { Profile } from '../core/profile/types';
import { exportProfiles, importProfiles, importRefused } from '../core/profile/transfer';
import { describeChange, hostOrigins, routeChanges } from '../core/profile/targets';
import type { ImportedProfile } from '../shared/protocol';
import type { Deps } from './deps';
import { currentPolicy } from './policy';
import { clashesOf, saveProfiles } from './profiles';

export async function exportAll(deps: Deps): Promise<Result<{ text: string }>> {
  if (!(await currentPolicy(deps)).export)
    return fail(
      'misconfigured',
      'set_by_policy',
      'Your organization does not allow exporting profiles from Token Keeper.',
    );
  return ok({ text: exportProfiles(await deps.store.profiles()) });
}

/** The secrets each profile of a file (already read whole) carries, by name. */
function secretNames(text: string): string[][] {
  const file = JSON.parse(text) as { profiles: { secrets?: unknown }[] };
  return file.profiles.map(({ secrets }) =>
    typeof secrets === 'object' && secrets !== null
      ? Object.entries(secrets)
          .filter(([, value]) => value !== undefined && value !== '')
          .map(([name]) => name)
      : [],
  );
}

/**
 * Any change in what decides where a profile's secrets and tokens go (each endpoint by its role,
 * the response's fields, the client settings, the prefixes): an imported file is not the user's
 * own edit.
 */
const moved = (previous: Profile, next: Profile) => routeChanges(previous, next).length > 0;

/**
 * Reads a file of profiles and says what importing it would do (`apply` false), or does it: every
 * profile or none, a bad file changes nothing. A profile that replaces a stored one keeps the
 * stored secrets and tokens only if it sends everything exactly where the stored one did, each
 * URL in the same role, and reads its tokens the same way;
 * otherwise they are dropped (the provider is signed out, nothing is sent anywhere) and the
 * preview lists what moved, so a file cannot take over a connected provider.
 */
export async function importAll(deps: Deps, text: string, apply: boolean) {
  const stored = await deps.store.profiles();
  const existing = new Map(stored.map((p) => [p.id, p]));
  const result = importProfiles(text);
  if (!result.ok) return result;
  const pathOf = (i: number) => `profiles[${i}].`;
  const clashes = clashesOf(stored, result.value, pathOf);
  if (clashes.length > 0) return importRefused(clashes);
  const inFile = secretNames(text);
  const read = await Promise.all(
    result.value.map(async (profile, i) => {
      const previous = existing.get(profile.id);
      const changes = previous ? routeChanges(previous, profile).map(describeChange) : [];
      const connected = previous !== undefined && (await deps.store.record(previous)) !== undefined;
      const entry: ImportedProfile = {
        id: profile.id,
        name: profile.name,
        hosts: hostOrigins(profile),
        change: !previous ? 'new' : changes.length > 0 ? 'moved' : 'same',
        changes,
        connected,
        secretsNotImported: inFile[i] ?? [],
      };
      const kept =
        previous && changes.length === 0 ? { ...profile, secrets: previous.secrets } : profile;
      return { entry, profile: kept };
    }),
  );
  const preview = read.map((r) => r.entry);
  const profiles = read.map((r) => r.profile);
  if (!apply) return ok({ applied: false, profiles: preview });
  const saved = await saveProfiles(deps, profiles, pathOf, moved);
  if (saved.clashes.length > 0) return importRefused(saved.clashes);
  return ok({ applied: true, profiles: preview });
}
