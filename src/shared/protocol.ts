import { fail, ok, type Failure, type Result } from '../core/failure';
import type { FieldError } from '../core/parse-profile';
import type { PresetId, Profile } from '../core/profile';
import type { JwtClaims } from '../core/jwt';
import type { Access } from '../background/access';

/**
 * Messages from the extension's own pages (popup, options) to the worker. Pages ask; the worker
 * alone writes tokens. Answers never hold a refresh token, an ID token or a secret; only
 * `getToken` holds an access token, for the Copy button.
 */
export type Request =
  | { readonly type: 'status' }
  | {
      readonly type: 'connect';
      readonly providerId: string;
      readonly credentials?: { username: string; password: string };
    }
  | { readonly type: 'disconnect'; readonly providerId: string }
  | { readonly type: 'refresh'; readonly providerId: string; readonly retryInterrupted?: boolean }
  | { readonly type: 'getToken'; readonly providerId: string; readonly minValiditySeconds?: number }
  | { readonly type: 'saveProfile'; readonly profile: unknown; readonly keepSecrets?: boolean }
  | { readonly type: 'deleteProfile'; readonly providerId: string }
  | { readonly type: 'getProfile'; readonly providerId: string }
  | { readonly type: 'discover'; readonly profile: unknown }
  | { readonly type: 'inspect'; readonly providerId: string }
  | { readonly type: 'tester'; readonly providerId: string; readonly action: TesterAction }
  | { readonly type: 'testRefresh'; readonly providerId: string }
  | { readonly type: 'exportProfiles' }
  | { readonly type: 'importProfiles'; readonly text: string; readonly apply: boolean }
  | { readonly type: 'consentAnswer'; readonly requestId: string; readonly allow: boolean }
  | { readonly type: 'listAccess' }
  | { readonly type: 'revokeGrant'; readonly origin: string; readonly providerId: string }
  | { readonly type: 'addSite'; readonly origin: string }
  | { readonly type: 'removeSite'; readonly origin: string };

export interface Inspection {
  readonly access?: { readonly header: JwtClaims; readonly claims: JwtClaims };
  readonly idClaims?: JwtClaims;
  readonly tokenType: string;
  readonly scope?: string;
  readonly clockShiftMs: number;
  readonly timeline: readonly TimelineEntry[];
}

/** What importing a file does to one of its profiles. */
export interface ImportedProfile {
  readonly id: string;
  readonly name: string;
  /** The hosts it needs allowed, asked for in the click that applies the import. */
  readonly hosts: readonly string[];
  /**
   * `new`: no stored profile has its id; `same`: it sends everything where the stored one did, and
   * keeps its secrets and tokens; `moved`: it sends elsewhere (`changes`), so the stored secrets
   * and tokens are dropped.
   */
  readonly change: 'new' | 'same' | 'moved';
  readonly changes: readonly string[];
  /** The stored profile it replaces is signed in. */
  readonly connected: boolean;
  /** Secrets the file holds, which an import never takes: set them with Edit. */
  readonly secretsNotImported: readonly string[];
}

export interface TestRefreshReport {
  readonly request: { method: string; url: string; headers: Record<string, string>; body?: string };
  readonly response?: { status: number; headers: Record<string, string>; body: string };
  readonly outcome: Result<{ expiresAt: number }>;
}

export interface TimelineEntry {
  readonly kind: 'sign-in' | 'refresh';
  readonly obtainedAt: number;
  readonly expiresAt: number;
  readonly refreshExpiresAt?: number;
  /** A new refresh token came with it. */
  readonly rotated: boolean;
  /** JWT claims that differ from the token before (names only). */
  readonly changedClaims: readonly string[];
}

export type TesterAction =
  { readonly kind: 'expire' } | { readonly kind: 'shift'; readonly seconds: number };

/** A profile as the options page edits it: secrets never leave the worker, only whether they are set. */
export interface EditableProfile {
  readonly profile: Profile;
  readonly secretsSet: {
    readonly clientSecret: boolean;
    readonly apiKey: boolean;
    readonly privateKeyJwk: boolean;
  };
}

export type ProviderStatusView = 'signed-out' | 'fresh' | 'refreshing' | 'needs-sign-in' | 'error';

/** What a page may know of a provider: times and state, never a token value. */
export interface ProviderView {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetId;
  readonly signIn: 'authorization_code' | 'connect' | 'client_credentials' | 'password';
  readonly status: ProviderStatusView;
  readonly expiresAt?: number;
  readonly refreshExpiresAt?: number;
  readonly obtainedAt?: number;
  readonly lastRefreshAt?: number;
  readonly error?: Failure;
  /** After a failure: when the worker sends the next refresh (real clock). */
  readonly retryAt?: number;
  /** URL prefixes that get this provider's `Authorization` header while its access token lives. */
  readonly injecting?: readonly string[];
}

export interface Replies {
  status: { providers: ProviderView[] };
  connect: { expiresAt: number };
  /** `message` says whether the refresh token still works at the provider. */
  disconnect: { revoked: boolean; message: string };
  refresh: { expiresAt: number };
  getToken: { accessToken: string; tokenType: string; expiresAt: number };
  /** `signedOut`: the profile now sends to another host, so its tokens were forgotten. */
  saveProfile: { id: string; signedOut: boolean };
  deleteProfile: { id: string };
  getProfile: EditableProfile;
  discover: { profile: Profile };
  inspect: Inspection;
  tester: { expiresAt: number; clockShiftMs: number };
  testRefresh: TestRefreshReport;
  exportProfiles: { text: string };
  importProfiles: { applied: boolean; profiles: ImportedProfile[] };
  consentAnswer: { answered: boolean };
  listAccess: Access;
  revokeGrant: { revoked: number };
  addSite: { sites: string[] };
  removeSite: { sites: string[] };
}

/** A failure as it crosses to a page; `fields` says which profile fields are wrong. */
export type Reply<T> =
  | Result<T>
  | { readonly ok: false; readonly error: Failure; readonly fields: readonly FieldError[] };

const text = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** Narrows an incoming message at the edge; anything else is refused with a reason. */
export function parseRequest(message: unknown): Result<Request> {
  const bad = (why: string) => fail('misconfigured', 'bad_message', why);
  if (typeof message !== 'object' || message === null) return bad('A message must be an object.');
  const m = message as Record<string, unknown>;
  switch (m['type']) {
    case 'status':
    case 'exportProfiles':
    case 'listAccess':
      return ok({ type: m['type'] });
    case 'consentAnswer':
      return text(m['requestId']) && typeof m['allow'] === 'boolean'
        ? ok({ type: 'consentAnswer', requestId: m['requestId'], allow: m['allow'] })
        : bad('A consent answer needs its request id and allow: true or false.');
    case 'revokeGrant':
      return text(m['origin']) && text(m['providerId'])
        ? ok({ type: 'revokeGrant', origin: m['origin'], providerId: m['providerId'] })
        : bad('A grant is named by its origin and provider.');
    case 'addSite':
    case 'removeSite':
      return text(m['origin'])
        ? ok({ type: m['type'], origin: m['origin'] })
        : bad('A site is named by its origin.');
    case 'saveProfile':
      return ok({
        type: 'saveProfile',
        profile: m['profile'],
        keepSecrets: m['keepSecrets'] === true,
      });
    case 'discover':
      return ok({ type: 'discover', profile: m['profile'] });
    case 'importProfiles':
      return typeof m['text'] === 'string' && m['text'].length <= 1_000_000
        ? ok({ type: 'importProfiles', text: m['text'], apply: m['apply'] === true })
        : bad('An import is the text of a file, at most 1 MB.');
    case 'tester': {
      if (!text(m['providerId'])) return bad('A provider id is needed.');
      const action = m['action'] as Record<string, unknown> | null | undefined;
      if (action?.['kind'] === 'expire')
        return ok({ type: 'tester', providerId: m['providerId'], action: { kind: 'expire' } });
      const seconds = action?.['seconds'];
      if (
        action?.['kind'] === 'shift' &&
        typeof seconds === 'number' &&
        Number.isFinite(seconds) &&
        Math.abs(seconds) <= 366 * 86_400
      ) {
        return ok({
          type: 'tester',
          providerId: m['providerId'],
          action: { kind: 'shift', seconds },
        });
      }
      return bad('A tester action is "expire", or "shift" by at most a year of seconds.');
    }
    case 'connect': {
      if (!text(m['providerId'])) return bad('A provider id is needed.');
      const c = m['credentials'];
      if (c === undefined) return ok({ type: 'connect', providerId: m['providerId'] });
      const cred = c as Record<string, unknown> | null;
      if (!cred || !text(cred['username'], 1000) || !text(cred['password'], 1000))
        return bad('Credentials need a user name and a password.');
      return ok({
        type: 'connect',
        providerId: m['providerId'],
        credentials: { username: cred['username'], password: cred['password'] },
      });
    }
    case 'getToken': {
      if (!text(m['providerId'])) return bad('A provider id is needed.');
      const min = m['minValiditySeconds'];
      if (min === undefined) return ok({ type: 'getToken', providerId: m['providerId'] });
      if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 86_400)
        return bad('minValiditySeconds must be 0 to 86400.');
      return ok({ type: 'getToken', providerId: m['providerId'], minValiditySeconds: min });
    }
    case 'refresh':
      if (!text(m['providerId'])) return bad('A provider id is needed.');
      return m['retryInterrupted'] === true
        ? ok({ type: 'refresh', providerId: m['providerId'], retryInterrupted: true })
        : ok({ type: 'refresh', providerId: m['providerId'] });
    case 'disconnect':
    case 'deleteProfile':
    case 'getProfile':
    case 'inspect':
    case 'testRefresh':
      return text(m['providerId'])
        ? ok({ type: m['type'], providerId: m['providerId'] })
        : bad('A provider id is needed.');
    default:
      return bad('Unknown message type.');
  }
}
