import { decodeJwt, type JwtClaims } from './jwt';
import type { TokenSet } from './token-set';

/** At most this many identities per provider: enough for every role a tester checks. */
export const MAX_IDENTITIES = 20;

/** A name is what the popup shows and what a page or the terminal names: short, one line. */
export const MAX_NAME_LENGTH = 80;

/** One identity of a provider as stored: its key (never changes), its name, who it is. */
export interface IdentityEntry {
  readonly key: string;
  /** Shown in the popup and named by pages (`getToken({ provider, identity })`); unique. */
  readonly name?: string;
  /** The provider's `sub` for this user, when its tokens say it: a sign-in must match it. */
  readonly subject?: string;
}

/** The claims the tokens carry about the user: the ID token's, else a JWT access token's. */
function userClaims(tokens: Pick<TokenSet, 'idToken' | 'accessToken'>): JwtClaims | undefined {
  const id = tokens.idToken === undefined ? undefined : decodeJwt(tokens.idToken)?.claims;
  return id ?? decodeJwt(tokens.accessToken)?.claims;
}

const claimText = (claims: JwtClaims | undefined, name: string): string | undefined => {
  const value = claims?.[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
};

/** Who signed in, as the tokens say: a name to show and the subject, each when known. */
export function whoSignedIn(tokens: Pick<TokenSet, 'idToken' | 'accessToken'>): {
  readonly name?: string;
  readonly subject?: string;
} {
  const claims = userClaims(tokens);
  const name = ['preferred_username', 'email', 'name', 'sub']
    .map((claim) => claimText(claims, claim))
    .find((value) => value !== undefined);
  const subject = claimText(claims, 'sub');
  return {
    ...(name !== undefined && { name: name.slice(0, MAX_NAME_LENGTH) }),
    ...(subject !== undefined && { subject }),
  };
}

/** The key a new identity gets: one more than the highest so far. */
export function nextIdentityKey(entries: readonly IdentityEntry[]): string {
  const highest = Math.max(0, ...entries.map(({ key }) => Number(key)).filter(Number.isFinite));
  return String(highest + 1);
}

/** The name an identity is shown by: its own, else its place among the provider's identities. */
export const identityLabel = (entry: IdentityEntry): string =>
  entry.name ?? `Identity ${entry.key}`;

/**
 * A name no other identity of the provider has: `wanted`, else `wanted (2)`, `wanted (3)`… Two
 * sign-ins whose tokens name the same user differently keep both apart.
 */
export function uniqueName(wanted: string, others: readonly IdentityEntry[]): string {
  const taken = new Set(others.map((entry) => identityLabel(entry).toLowerCase()));
  if (!taken.has(wanted.toLowerCase())) return wanted;
  for (let n = 2; ; n += 1) {
    const name = `${wanted} (${n})`;
    if (!taken.has(name.toLowerCase())) return name;
  }
}

/** Why a name the user typed cannot be an identity's, or `undefined` when it can. */
export function nameProblem(
  name: string,
  key: string,
  entries: readonly IdentityEntry[],
): string | undefined {
  const trimmed = name.trim();
  if (trimmed === '') return 'A name is needed.';
  if (trimmed.length > MAX_NAME_LENGTH) return `A name has at most ${MAX_NAME_LENGTH} characters.`;
  if (/[\n\r/]/.test(trimmed))
    return 'A name cannot hold a line break or "/" (the terminal names an identity as provider/name).';
  const clash = entries.find(
    (entry) => entry.key !== key && identityLabel(entry).toLowerCase() === trimmed.toLowerCase(),
  );
  return clash
    ? `Another identity of this provider is called “${identityLabel(clash)}”.`
    : undefined;
}

/** The identity a page or the terminal names, by its name as the popup shows it (any case). */
export const identityNamed = (
  entries: readonly IdentityEntry[],
  named: string,
): IdentityEntry | undefined =>
  entries.find((entry) => identityLabel(entry).toLowerCase() === named.trim().toLowerCase());
