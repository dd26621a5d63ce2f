import type { Grant } from '../core/consent';
import type { Failure, FieldError, Result } from '../core/failure';
import type { JwtClaims } from '../core/jwt';
import type { PresetId, Profile, SignIn } from '../core/profile/types';
import type { AccessToken } from './page-protocol';

/**
 * Every type that crosses from the worker to the extension's own pages (popup, options, consent
 * window). Pages ask; the worker alone writes tokens. Answers never hold a refresh token, an ID
 * token or a secret; only `getToken` holds an access token, for the Copy button. The worker checks
 * each message with its command's parser (`background/commands.ts`).
 */
export type Request =
  | { readonly type: 'status' }
  | {
      readonly type: 'connect';
      readonly providerId: string;
      readonly credentials?: Credentials;
      /** Signs in again as this identity (its key); the active one if absent. */
      readonly identity?: string;
      /** Adds another identity: a sign-in that asks who signs in (`login_hint`: whom to suggest). */
      readonly add?: { readonly loginHint?: string };
    }
  | { readonly type: 'disconnect'; readonly providerId: string; readonly identity?: string }
  | {
      readonly type: 'refresh';
      readonly providerId: string;
      readonly identity?: string;
      readonly retryInterrupted?: boolean;
    }
  | {
      readonly type: 'getToken';
      readonly providerId: string;
      readonly identity?: string;
      readonly minValiditySeconds?: number;
    }
  | { readonly type: 'useIdentity'; readonly providerId: string; readonly identity: string }
  | {
      readonly type: 'renameIdentity';
      readonly providerId: string;
      readonly identity: string;
      readonly name: string;
    }
  | {
      readonly type: 'saveProfile';
      readonly profile: unknown;
      readonly keepSecrets?: boolean;
      /** The id the profile had, when the user changes it. */
      readonly renameFrom?: string;
    }
  | { readonly type: 'deleteProfile'; readonly providerId: string }
  | { readonly type: 'getProfile'; readonly providerId: string }
  | { readonly type: 'discover'; readonly profile: unknown }
  | { readonly type: 'inspect'; readonly providerId: string; readonly identity?: string }
  | {
      readonly type: 'tester';
      readonly providerId: string;
      readonly identity?: string;
      readonly action: TesterAction;
    }
  | { readonly type: 'testRefresh'; readonly providerId: string }
  | { readonly type: 'exportProfiles' }
  | { readonly type: 'importProfiles'; readonly text: string; readonly apply: boolean }
  | { readonly type: 'consentAnswer'; readonly requestId: string; readonly allow: boolean }
  | { readonly type: 'listAccess' }
  | { readonly type: 'terminalAccess' }
  | { readonly type: 'policy' }
  | { readonly type: 'setTerminalAccess'; readonly providerId: string; readonly allow: boolean }
  | { readonly type: 'revokeGrant'; readonly origin: string; readonly providerId: string }
  | { readonly type: 'addSite'; readonly origin: string }
  | { readonly type: 'removeSite'; readonly origin: string }
  | { readonly type: 'listKeptAside' }
  | { readonly type: 'dropKeptAside'; readonly key: string; readonly area: 'local' | 'session' };

/** A password sign-in's credentials: used for one request, never stored. */
export interface Credentials {
  readonly username: string;
  readonly password: string;
}

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
  /** `ms`: from the request going out to its whole answer read. */
  readonly response?: { status: number; headers: Record<string, string>; body: string; ms: number };
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

/** A connected provider's state, as the worker stores it. */
export type ProviderStatus = 'fresh' | 'refreshing' | 'needs-sign-in' | 'error';

/**
 * The `storage.session` key under which the worker keeps every provider's `ProviderView`, current
 * after each write, so that the popup paints without waking a stopped worker (docs/architecture.md,
 * "The popup's snapshot"). Extension pages alone can read that area.
 */
export const STATUS_SNAPSHOT = 'status-snapshot';

/** Whether a value read under `STATUS_SNAPSHOT` is one (the area is shared with older builds). */
export const isStatusSnapshot = (value: unknown): value is Replies['status'] =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as Partial<Replies['status']>).providers);

/** What a page may know of a provider: times and state, never a token value. */
export interface ProviderView {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetId;
  readonly signIn: SignIn['kind'];
  readonly status: ProviderStatus | 'signed-out';
  readonly expiresAt?: number;
  readonly refreshExpiresAt?: number;
  readonly obtainedAt?: number;
  readonly lastRefreshAt?: number;
  readonly error?: Failure;
  /**
   * When the worker sends the next refresh (real clock): its plan, from the profile's own lead
   * time or a failure's backoff. The popup says "expiring" from then on.
   */
  readonly refreshAt?: number;
  /**
   * From when the popup says the sign-in is ending (the refresh token runs out at
   * `refreshExpiresAt`), and offers to sign in again now.
   */
  readonly endingFrom?: number;
  /** Set by the organization's policy: read-only, secrets aside, and not deletable. */
  readonly managed?: true;
  /** URL prefixes that get this provider's `Authorization` header while its access token lives. */
  readonly injecting?: readonly string[];
  /** The identity these times and state are of (its key): the active one, at the top level. */
  readonly identity?: string;
  /** Its name, as pages and the terminal name it. */
  readonly identityName?: string;
  /**
   * Every identity, the active one included, in the order they were added: present when the
   * provider holds more than one (the popup then shows a row for each).
   */
  readonly identities?: readonly IdentityView[];
}

/** One identity of a provider with several: its own state and times, and whether it is active. */
export type IdentityView = Omit<ProviderView, 'identities' | 'identity' | 'identityName'> & {
  readonly identity: string;
  readonly identityName: string;
  readonly active: boolean;
};

/** A sign-in that ended well: whose tokens they are, and whether that identity is new. */
export interface Connected {
  readonly expiresAt: number;
  readonly identity: string;
  readonly name: string;
  readonly added: boolean;
}

export interface Replies {
  status: { providers: ProviderView[] };
  connect: Connected;
  useIdentity: { active: string };
  renameIdentity: { name: string };
  /** `message` says whether the refresh token still works at the provider. */
  disconnect: { revoked: boolean; message: string };
  refresh: { expiresAt: number };
  getToken: AccessToken;
  /**
   * `signedOut`: the profile now sends to another host or reads its tokens from other fields, so
   * its tokens were forgotten.
   */
  saveProfile: { id: string; signedOut: boolean };
  /** `message`: what became of its sign-in (revoked at the provider, or why not). */
  deleteProfile: { id: string; message: string };
  getProfile: EditableProfile;
  discover: { profile: Profile };
  inspect: Inspection;
  tester: { expiresAt: number; clockShiftMs: number };
  testRefresh: TestRefreshReport;
  exportProfiles: { text: string };
  importProfiles: { applied: boolean; profiles: ImportedProfile[] };
  consentAnswer: { answered: boolean };
  listAccess: Access;
  terminalAccess: TerminalAccess;
  policy: PolicyView;
  setTerminalAccess: TerminalAccess;
  revokeGrant: { revoked: number };
  addSite: { sites: string[] };
  removeSite: { sites: string[] };
  listKeptAside: { kept: KeptAsideView[] };
  dropKeptAside: { kept: KeptAsideView[] };
}

/**
 * A stored value this version could not read, kept aside unused until the user removes it
 * (the options page's "Kept aside"). Never its value: it may hold tokens and secrets.
 */
export interface KeptAsideView {
  readonly key: string;
  readonly area: 'local' | 'session';
  /**
   * `profile`: a provider's settings; `sign-in`: its tokens and state, or its list of identities;
   * `page access`: a list of grants, sites, hand-outs or denials (its readable entries still count).
   */
  readonly what: 'profile' | 'sign-in' | 'page access';
  readonly providerId: string;
  readonly reason: string;
  /** A profile's wrong fields, by path. */
  readonly fields?: readonly FieldError[];
  readonly keptAt: number;
}

/** What pages may ask for, and what they have had (the options page's "Page access"). */
export interface Access {
  readonly grants: readonly Grant[];
  readonly sites: readonly string[];
  readonly audit: readonly AuditEntry[];
}

/**
 * The worker's port to the terminal's host: none (no `nativeMessaging` permission), being
 * started, running (the socket `token-keeper` reaches it on), or ended, with the browser's reason
 * ("Specified native messaging host not found." when `token-keeper install` was not run).
 */
export type TerminalLinkState =
  | { readonly kind: 'off' }
  | { readonly kind: 'starting' }
  | { readonly kind: 'connected'; readonly socket: string }
  | { readonly kind: 'stopped'; readonly reason?: string };

/** What the organization's policy says, for the options page: what it could not read, what it turns off. */
export interface PolicyView {
  readonly problems: readonly string[];
  readonly terminal: boolean;
  readonly export: boolean;
}

/** The terminal's access: its link, and the providers whose tokens it may get. */
export interface TerminalAccess {
  readonly link: TerminalLinkState;
  readonly allowed: readonly string[];
}

/** A token handed to a page: who, for which provider and identity, when. Never the token. */
export interface AuditEntry {
  readonly origin: string;
  readonly provider: string;
  /** The identity's name, when the provider held more than one or the page named it. */
  readonly identity?: string;
  readonly at: number;
}

/** The answer to a request of type `K`. */
export type Reply<K extends Request['type']> = Result<Replies[K]>;
