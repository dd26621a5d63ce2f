/**
 * A provider profile is data. Presets (`presets.ts`) are profiles filled in; a custom profile is
 * the same shape filled in by the user. Secrets live in `secrets` and are never exported.
 * `parse.ts` checks untrusted input against this file: every closed list is written once
 * here, `as const`, and both the types and the checks take it from here.
 */

/** Where a request parameter goes. */
export const PLACEMENTS = ['query', 'form', 'json'] as const;
export type Placement = (typeof PLACEMENTS)[number];

/** Values known only at request time. `username` and `password` are used once, never stored. */
export const VARIABLES = [
  'refreshToken',
  'clientId',
  'clientSecret',
  'apiKey',
  'scope',
  'redirectUri',
  'code',
  'codeVerifier',
  'username',
  'password',
] as const;
export type Variable = (typeof VARIABLES)[number];

/** One request parameter: a fixed `value`, or a value taken `from` a variable. */
export type Param =
  | { readonly name: string; readonly in: Placement; readonly value: string }
  | { readonly name: string; readonly in: Placement; readonly from: Variable };

export const HTTP_METHODS = ['GET', 'POST'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** An HTTP endpoint and the parameters a request to it carries. */
export interface Endpoint {
  readonly method: HttpMethod;
  readonly url: string;
  readonly params: readonly Param[];
}

/**
 * How a token endpoint's body is read.
 * - `oauth2`: an RFC 6749 §5.1 JSON response, checked by oauth4webapi, then mapped like `json`.
 * - `json`: a JSON object whose fields are named in the `ResponseMap`.
 * - `jwt-body`: the body is the access token itself (UiTiD's `/refresh`).
 */
export const RESPONSE_FORMATS = ['oauth2', 'json', 'jwt-body'] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

/**
 * How a token endpoint's answer maps to tokens: for `oauth2` and `json`, the names of the JSON
 * fields that hold each part; `jwt-body` has no fields.
 */
export type ResponseMap =
  | { readonly format: 'jwt-body' }
  | {
      readonly format: 'oauth2' | 'json';
      readonly accessToken: string;
      readonly refreshToken?: string;
      readonly idToken?: string;
      readonly tokenType?: string;
      readonly scope?: string;
      /** Seconds from when the request was sent. */
      readonly expiresIn?: string;
      /** An absolute time: ISO 8601, or seconds since the epoch. */
      readonly expiresAt?: string;
      readonly refreshExpiresIn?: string;
      readonly refreshExpiresAt?: string;
    };
export type JsonResponseMap = Extract<ResponseMap, { accessToken: string }>;
/** The parts a JSON token response's fields can hold. */
export const FIELD_ROLES = [
  'accessToken',
  'refreshToken',
  'idToken',
  'tokenType',
  'scope',
  'expiresIn',
  'expiresAt',
  'refreshExpiresIn',
  'refreshExpiresAt',
] as const satisfies readonly Exclude<keyof JsonResponseMap, 'format'>[];
export type FieldRole = (typeof FIELD_ROLES)[number];

export const SIGN_IN_KINDS = [
  'authorization_code',
  'connect',
  'client_credentials',
  'password',
] as const satisfies readonly SignIn['kind'][];
/** Where a connect-style sign-in's redirect carries the tokens. */
export const TOKENS_IN = ['query', 'fragment'] as const;

/** Where the first tokens come from. */
export type SignIn =
  | {
      /** Authorization code with PKCE S256 and a single-use `state` (RFC 6749 §4.1, RFC 7636). */
      readonly kind: 'authorization_code';
      readonly authorizeUrl: string;
      /**
       * More query parameters for the sign-in page, fixed values: Google's `access_type=offline`
       * and `prompt=consent`, Auth0's `audience`, `login_hint`, `acr_values`.
       */
      readonly authorizeParams?: readonly Param[];
      readonly token: Endpoint;
      /**
       * When a refresh cannot be made (no refresh token, or it ran out or was refused), sign in
       * again without a window (`prompt=none`) while the provider's session lives. Default: on
       * for OpenID Connect (the scope asks for `openid`), off otherwise.
       */
      readonly silent?: boolean;
      /**
       * Whether that sign-in sends `prompt=none` (default true). False for a server that fails on
       * it (Django OAuth Toolkit 1.x answers it with a server error): the request then relies on
       * the provider's session alone, and the browser still shows nothing, giving up on a page
       * that waits for the user.
       */
      readonly silentPrompt?: boolean;
    }
  | {
      /**
       * The browser opens `url` with `params` in the query; the provider redirects back with the
       * tokens as parameters (UiTiD's `/connect?apiKey=..&destination=..` → `?jwt=..&refresh=..`).
       */
      readonly kind: 'connect';
      readonly url: string;
      readonly params: readonly Param[];
      readonly tokensIn: (typeof TOKENS_IN)[number];
      readonly accessParam: string;
      readonly refreshParam?: string;
    }
  | {
      /** Client credentials with a `private_key_jwt` assertion (SMART backend services). */
      readonly kind: 'client_credentials';
      readonly token: Endpoint;
    }
  | {
      /** A password-style login; the credentials are used for this one request only. */
      readonly kind: 'password';
      readonly token: Endpoint;
    };

/**
 * A dialect's own way of saying no. The first rule that matches a failed response decides its
 * kind; JSON OAuth errors (`invalid_grant`, ...) are understood without rules.
 */
export interface ErrorRule {
  readonly status?: number;
  /** Case-insensitive text the body must contain. */
  readonly bodyIncludes?: string;
  readonly kind: (typeof RULE_KINDS)[number];
}
export const RULE_KINDS = ['reauth', 'misconfigured'] as const;

export interface ExpiryRules {
  /** Read `exp` from tokens that are JWTs. */
  readonly useJwtExp: boolean;
  /** Access token lifetime when nothing in the response says; never "never expires". */
  readonly defaultAccessSeconds: number;
  /** Refresh token lifetime when nothing says; absent means unknown. */
  readonly defaultRefreshSeconds?: number;
  /** Refresh this long before the access token expires (capped at a quarter of its lifetime). */
  readonly leadSeconds: number;
  /**
   * Say this long before the refresh token runs out that the sign-in is ending (popup and a
   * notification). Absent: a tenth of the refresh token's lifetime, at most a day.
   */
  readonly warnSeconds?: number;
}

/**
 * How the client proves itself at the token and revocation endpoints (RFC 6749 §2.3, RFC 7523
 * §2.2). Unset, the profile's own parameters say it all (the seeds' dialects do).
 */
export const CLIENT_AUTH_METHODS = [
  'none',
  'client_secret_post',
  'client_secret_basic',
  'private_key_jwt',
] as const;
export type ClientAuthMethod = (typeof CLIENT_AUTH_METHODS)[number];

export interface ClientSettings {
  readonly clientId?: string;
  readonly scope?: string;
  /** The issuer identifier, checked against `iss` in redirects and ID tokens when present. */
  readonly issuer?: string;
  /** Client authentication at the token and revocation endpoints; unset, the params say it. */
  readonly auth?: ClientAuthMethod;
}

/** Never exported, never sent to a page, never logged. */
export interface Secrets {
  readonly clientSecret?: string;
  readonly apiKey?: string;
  /** Private key for `private_key_jwt`, as a JWK with its `alg` (RS512 for Koppeltaal). */
  readonly privateKeyJwk?: JsonWebKey & { readonly kid?: string };
}

/** A provider id, as storage keys, alarm names and pages name it: short and plain. */
export const PROVIDER_ID = /^[\w.-]{1,64}$/;
/** A provider's name is shown in the popup, the consent window and notifications. */
export const MAX_NAME_CHARS = 100;

/**
 * Chromium may stop an extension's worker when a `fetch` response takes more than 30 s to arrive,
 * and a worker stopped mid-request leaves a refresh token that may be spent: a request gives up
 * well before that, with room left to read the answer and store it.
 */
export const DEFAULT_TIMEOUT_SECONDS = 20;
export const MAX_TIMEOUT_SECONDS = 25;

export const requestTimeoutMs = (profile: Pick<Profile, 'timeoutSeconds'>): number =>
  (profile.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS) * 1000;

export const PRESET_IDS = [
  'koppeltaal',
  'uitid',
  'fosoauth',
  'camelcase',
  'keycloak',
  'oidc',
  'custom',
] as const;
export type PresetId = (typeof PRESET_IDS)[number];

export interface Profile {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetId;
  readonly client: ClientSettings;
  readonly secrets: Secrets;
  readonly signIn: SignIn;
  /** Absent when the provider cannot refresh: the user signs in again. */
  readonly refresh?: Endpoint;
  /** RFC 7009 revocation, called on disconnect. */
  readonly revoke?: Endpoint;
  readonly response: ResponseMap;
  readonly errors: readonly ErrorRule[];
  readonly expiry: ExpiryRules;
  /** Keep this provider's tokens in memory only, gone when the browser closes. */
  readonly forgetOnClose?: boolean;
  /**
   * How long a token request may wait for its answer, 1 to `MAX_TIMEOUT_SECONDS`; absent:
   * `DEFAULT_TIMEOUT_SECONDS`.
   */
  readonly timeoutSeconds?: number;
  /** URL prefixes whose requests get `Authorization: Bearer <current access token>` added. */
  readonly inject?: readonly string[];
  /**
   * Origins of pages on other, non-loopback hosts whose requests to `inject` prefixes may carry
   * the header: the browser adds it only for pages Token Keeper has host access to, and saving
   * the profile asks for these hosts.
   */
  readonly injectFrom?: readonly string[];
  /**
   * Its endpoints are a guess (the OpenID Connect preset's usual paths), not yet proven by a
   * discovery document or a successful sign-in.
   */
  readonly unverified?: true;
}
