import { fail, invalidFields, type FieldError, type Result } from '../failure';
import { parseProfile } from './parse';
import type { Profile } from './types';

const FORMAT = 'token-keeper-profiles';

/** Profiles as a JSON file to share: never a secret (and tokens are not in profiles at all). */
export function exportProfiles(profiles: readonly Profile[]): string {
  const clean = profiles.map((profile) => ({ ...profile, secrets: {} }));
  return `${JSON.stringify({ format: FORMAT, version: 1, profiles: clean }, null, 2)}\n`;
}

/**
 * Reads an exported file: all of it or nothing. The file brings no secrets: every profile comes
 * with none (the worker decides which stored ones it may keep).
 */
export function importProfiles(text: string): Result<Profile[]> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fail('misconfigured', 'invalid_file', 'The file is not JSON.');
  }
  const file = json as { format?: unknown; version?: unknown; profiles?: unknown } | null;
  if (
    typeof file !== 'object' ||
    file === null ||
    file.format !== FORMAT ||
    !Array.isArray(file.profiles)
  ) {
    return fail('misconfigured', 'invalid_file', 'The file is not a Token Keeper profile export.');
  }
  if (file.version !== 1)
    return fail(
      'misconfigured',
      'invalid_file',
      `Export version ${String(file.version)} is not known.`,
    );
  const profiles: Profile[] = [];
  const fields: FieldError[] = [];
  const ids = new Set<string>();
  file.profiles.forEach((input: unknown, i) => {
    const withSecrets =
      typeof input === 'object' && input !== null ? { ...input, secrets: {} } : input;
    const parsed = parseProfile(withSecrets, { requireSecrets: false });
    if (!parsed.ok) {
      fields.push(
        ...(parsed.error.fields ?? []).map((e) => ({
          path: `profiles[${i}].${e.path}`,
          message: e.message,
        })),
      );
    } else if (ids.has(parsed.value.id)) {
      fields.push({ path: `profiles[${i}].id`, message: `"${parsed.value.id}" appears twice` });
    } else {
      ids.add(parsed.value.id);
      profiles.push(parsed.value);
    }
  });
  return fields.length > 0 ? importRefused(fields) : { ok: true, value: profiles };
}

/** An import refused whole, with a reason per field. */
export const importRefused = (fields: readonly FieldError[]) =>
  invalidFields(
    'invalid_file',
    `The file has ${fields.length} problem(s); nothing was imported.`,
    fields,
  );
