import { exactOrigin } from './consent';
import { importProfiles } from './profile/transfer';
import { PROVIDER_ID, type Profile } from './profile/types';

/**
 * What a team's administrator sets through the browser's policy (`storage.managed`; README, "For
 * administrators"). Every part is optional; a part that cannot be read is named in `problems` and
 * ignored, and the rest applies.
 */
export interface Policy {
  /** Profiles set by the organization: read-only for the user, secrets aside. */
  readonly profiles: readonly Profile[];
  /** Sites whose pages get a provider's token without a consent window. */
  readonly allowedSites: readonly { readonly origin: string; readonly provider: string }[];
  /** Sites whose pages are refused, whatever the user allowed. */
  readonly blockedSites: readonly string[];
  /** Whether the `token-keeper` command may be given tokens at all. */
  readonly terminal: boolean;
  /** Whether the user may export profiles. */
  readonly export: boolean;
  /** What could not be read, in words, each naming its setting. */
  readonly problems: readonly string[];
}

export const NO_POLICY: Policy = {
  profiles: [],
  allowedSites: [],
  blockedSites: [],
  terminal: true,
  export: true,
  problems: [],
};

const SETTINGS = ['profiles', 'allowedSites', 'blockedSites', 'terminal', 'export'];

/**
 * The profiles setting: the text of a Token Keeper export file (what Chromium's schema can carry),
 * or, in Firefox's policies.json, that file's `profiles` list itself.
 */
function profilesOf(value: unknown, problems: string[]): Profile[] {
  if (value === undefined) return [];
  const text =
    typeof value === 'string'
      ? value
      : Array.isArray(value)
        ? JSON.stringify({ format: 'token-keeper-profiles', version: 1, profiles: value })
        : undefined;
  if (text === undefined) {
    problems.push('profiles: not the text of a Token Keeper export file, nor its list of profiles');
    return [];
  }
  const read = importProfiles(text);
  if (read.ok) return read.value;
  const fields = read.error.fields ?? [];
  problems.push(
    fields.length === 0
      ? `profiles: ${read.error.message}`
      : `profiles: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`,
  );
  return [];
}

function flag(raw: Record<string, unknown>, name: string, problems: string[]): boolean {
  const value = raw[name];
  if (value === undefined) return true;
  if (typeof value === 'boolean') return value;
  problems.push(`${name}: true or false, not ${JSON.stringify(value)}`);
  return true;
}

function list(raw: Record<string, unknown>, name: string, problems: string[]): unknown[] {
  const value = raw[name];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  problems.push(`${name}: a list`);
  return [];
}

/** The policy as the browser gives it, read: what is wrong is left out and named. */
export function parsePolicy(raw: Record<string, unknown>): Policy {
  const problems: string[] = [];
  for (const name of Object.keys(raw))
    if (!SETTINGS.includes(name)) problems.push(`${name}: not a setting Token Keeper knows`);
  const allowedSites = list(raw, 'allowedSites', problems).flatMap((entry, i) => {
    const { origin, provider } = (entry ?? {}) as { origin?: unknown; provider?: unknown };
    const exact = exactOrigin(origin);
    if (exact !== undefined && typeof provider === 'string' && PROVIDER_ID.test(provider))
      return [{ origin: exact, provider }];
    problems.push(
      `allowedSites[${i}]: an http(s) origin (like https://app.example:8443) and a provider id`,
    );
    return [];
  });
  const blockedSites = list(raw, 'blockedSites', problems).flatMap((origin, i) => {
    const exact = exactOrigin(origin);
    if (exact !== undefined) return [exact];
    problems.push(`blockedSites[${i}]: an http(s) origin, like https://app.example:8443`);
    return [];
  });
  return {
    profiles: profilesOf(raw['profiles'], problems),
    allowedSites,
    blockedSites,
    terminal: flag(raw, 'terminal', problems),
    export: flag(raw, 'export', problems),
    problems,
  };
}
