/**
 * Every key Token Keeper stores, in one place (docs/architecture.md, "Storage"): its name, the
 * area it lives in, the one module that writes it, and what it holds. Nothing is ever stored in
 * `storage.sync`: tokens and secrets stay on this machine.
 *
 * `SCHEMA_VERSION` is the shape this build reads and writes; `migrations.ts` brings older data to
 * it before the worker answers anything.
 */
export const SCHEMA_VERSION = 1;

/** `local`: the schema version the stored data has (absent: written before versions, 0). */
export const SCHEMA_KEY = 'schema';

/** `local`, `store.ts`: a profile, its secrets included. */
export const profileKey = (providerId: string): string => `profile:${providerId}`;
export const PROFILE_PREFIX = 'profile:';

/**
 * Same area as the provider's records (`local`, or `session` for "forget when the browser
 * closes"), `store.ts`: the provider's identities and which one is active (`IdentityList`). No
 * list means signed out.
 */
export const identitiesKey = (providerId: string): string => `identities:${providerId}`;
export const IDENTITIES_PREFIX = 'identities:';

/**
 * Same area as the list, `store.ts`: one identity's tokens, state, attempt, failures and timeline
 * (`ProviderRecord`). Provider ids never hold `:`, so the key splits back unambiguously.
 */
export const recordKey = (providerId: string, identity: string): string =>
  `identity:${providerId}:${identity}`;
export const RECORD_PREFIX = 'identity:';

/**
 * `local` (or the area of what it copies), `store.ts`: a copy of a stored value that did not parse
 * when it was read, with the reason (`KeptAside`). Written before anything could overwrite the
 * original; removed only by the user, in the options page.
 */
export const asideKey = (key: string): string => `aside:${key}`;
export const ASIDE_PREFIX = 'aside:';

/**
 * The provider a key of the store belongs to: `profile:<id>`, `identities:<id>` and
 * `identity:<id>:<key>` name it second; any other key (a consent list) names none, `''`.
 */
export const providerOfKey = (key: string): string => key.split(':')[1] ?? '';

/** `local`, `consent-store.ts` under its lock: page grants (`Grant[]`). */
export const GRANTS_KEY = 'grants';
/** `local`, `consent-store.ts` under its lock: the sites the page bridge runs on (origins). */
export const SITES_KEY = 'sites';
/** `local`, `consent-store.ts` under its lock: the last hand-outs (`AuditEntry[]`). */
export const AUDIT_KEY = 'audit';
/** `session`, `consent-store.ts` under its lock: a site's "no", for a while (`Denial[]`). */
export const DENIALS_KEY = 'denials';
/**
 * `local`, `store.ts` (for `policy.ts`): the ids of the profiles the organization's policy set, as last applied
 * (`string[]`), so a profile the policy no longer sets is removed and no other is.
 */
export const MANAGED_KEY = 'managed';
/** `local`, `welcome.ts`: when the options page opened by itself after install. */
export const WELCOMED_KEY = 'welcomedAt';
// `session`, `status-snapshot.ts`: the popup's view, never a token: `STATUS_SNAPSHOT`, in
// shared/protocol.ts, since the popup reads it too.

/**
 * Keys of schema 0 (stored before versions), read only by the migration that replaces them:
 * a provider's one sign-in under `provider:<id>`.
 */
export const LEGACY_RECORD_PREFIX = 'provider:';
