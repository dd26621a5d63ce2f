import type { Failure } from '../core/failure';
import { identityLabel, type IdentityEntry } from '../core/identity';
import type { Failures } from '../core/refresh-plan';
import type { TokenSet } from '../core/token-set';
import type { ProviderStatus, TimelineEntry } from '../shared/protocol';

/**
 * One identity's tokens and state, stored under one key so that a single `storage.set` writes
 * both. No record means signed out.
 */
export interface ProviderRecord {
  readonly tokens: TokenSet;
  readonly status: ProviderStatus;
  readonly error?: Failure;
  readonly failures?: Failures;
  /**
   * A refresh request that was sent, written down before it went out: when, and which refresh
   * token it carried (its fingerprint, never the token). Gone once an answer is stored; still
   * there when the request got no answer, whose token the server may have spent.
   */
  readonly attempt?: { readonly startedAt: number; readonly fingerprint: string };
  readonly lastRefreshAt?: number;
  /** Tester tool: this provider's clock runs this far ahead of the real one. */
  readonly clockShiftMs?: number;
  /** The tokens issued, newest first: times and what changed, never a token value. */
  readonly timeline?: readonly TimelineEntry[];
}

/**
 * A provider's identities, in the order they were added, and the one whose tokens are used
 * (the header rules, pages that name none, the Copy of a provider with one identity).
 */
export interface IdentityList {
  readonly active: string;
  readonly identities: readonly IdentityEntry[];
}

/** The key of the identity an existing sign-in became when identities came (schema 1). */
export const FIRST_IDENTITY = '1';

/** A stored value read back: what it is, or why it is not one, in words for the options page. */
export type Parsed<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly reason: string };

type Check = (v: unknown) => boolean;
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const time: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const text: Check = (v) => typeof v === 'string';
const word: Check = (v) => typeof v === 'string' && v.length > 0;
const oneOf =
  (...values: readonly unknown[]): Check =>
  (v) =>
    values.includes(v);
const listOf =
  (check: Check): Check =>
  (v) =>
    Array.isArray(v) && v.every(check);
/** An object whose listed fields pass their checks; a field marked optional may be absent. */
const shape =
  (fields: Record<string, readonly [Check, 'optional'?]>): Check =>
  (v) =>
    isObject(v) &&
    Object.entries(fields).every(
      ([name, [check, optional]]) => (optional && v[name] === undefined) || check(v[name]),
    );

const TOKENS = shape({
  accessToken: [word],
  tokenType: [text],
  refreshToken: [text, 'optional'],
  idToken: [text, 'optional'],
  scope: [text, 'optional'],
  obtainedAt: [time],
  expiresAt: [time],
  refreshExpiresAt: [time, 'optional'],
});

/** Each field of a record, with what it must be, in the words the options page shows. */
const RECORD_FIELDS: Record<keyof ProviderRecord, readonly [Check, string, 'optional'?]> = {
  tokens: [TOKENS, 'the tokens are not readable'],
  status: [oneOf('fresh', 'refreshing', 'needs-sign-in', 'error'), 'its state is unknown'],
  error: [
    shape({
      kind: [oneOf('reauth', 'transient', 'misconfigured')],
      code: [word],
      message: [text],
    }),
    'its last error is not readable',
    'optional',
  ],
  failures: [
    shape({ count: [time], lastAt: [time], retryAt: [time] }),
    'its retry plan is not readable',
    'optional',
  ],
  attempt: [
    shape({ startedAt: [time], fingerprint: [text] }),
    'its last refresh attempt is not readable',
    'optional',
  ],
  lastRefreshAt: [time, 'its last refresh time is not a time', 'optional'],
  clockShiftMs: [time, 'its clock shift is not a number', 'optional'],
  timeline: [
    listOf(
      shape({
        kind: [oneOf('sign-in', 'refresh')],
        obtainedAt: [time],
        expiresAt: [time],
        refreshExpiresAt: [time, 'optional'],
        rotated: [oneOf(true, false)],
        changedClaims: [listOf(text)],
      }),
    ),
    'its timeline is not readable',
    'optional',
  ],
};

/**
 * Narrows a stored record, trusted by nothing else: one written by another build, or edited by
 * hand, is refused with the first thing wrong with it. Fields it does not know are kept.
 */
export function parseRecord(value: unknown): Parsed<ProviderRecord> {
  if (!isObject(value)) return { ok: false, reason: 'it is not a sign-in record' };
  for (const [name, [check, reason, optional]] of Object.entries(RECORD_FIELDS)) {
    if (!(optional && value[name] === undefined) && !check(value[name]))
      return { ok: false, reason };
  }
  return { ok: true, value: value as unknown as ProviderRecord };
}

const IDENTITY_LIST = shape({
  active: [word],
  identities: [
    listOf(shape({ key: [word], name: [word, 'optional'], subject: [word, 'optional'] })),
  ],
});

/**
 * Narrows a stored identity list: its active identity must be one of its identities, and no two
 * share a key or a name.
 */
export function parseIdentityList(value: unknown): Parsed<IdentityList> {
  if (!IDENTITY_LIST(value)) return { ok: false, reason: 'its list of identities is not readable' };
  const list = value as IdentityList;
  const keys = new Set(list.identities.map(({ key }) => key));
  const names = new Set(list.identities.map((entry) => identityLabel(entry).toLowerCase()));
  if (keys.size < list.identities.length || names.size < list.identities.length)
    return { ok: false, reason: 'two of its identities have the same key or name' };
  return keys.has(list.active)
    ? { ok: true, value: list }
    : { ok: false, reason: 'its active identity is not one of its identities' };
}

/** What one entry of each consent list must be (`consent-store.ts`). */
export const CONSENT_ENTRIES = {
  grants: shape({ origin: [word], provider: [word], grantedAt: [time] }),
  sites: word,
  audit: shape({ origin: [word], provider: [word], identity: [word, 'optional'], at: [time] }),
  denials: shape({ origin: [word], provider: [word], until: [time] }),
} satisfies Record<string, Check>;

/**
 * A stored consent list: the entries that are right, and why the list as stored was not, if it
 * was not (the options page says it; the list as stored is kept aside).
 */
export function parseList(
  value: unknown,
  entry: Check,
): { readonly list: unknown[]; readonly reason?: string } {
  if (value === undefined) return { list: [] };
  if (!Array.isArray(value)) return { list: [], reason: 'it is not a list' };
  const list = value.filter(entry);
  const wrong = value.length - list.length;
  return wrong === 0
    ? { list }
    : {
        list,
        reason: `${wrong} of its ${value.length} entries ${wrong === 1 ? 'is' : 'are'} not readable`,
      };
}
