/**
 * What went wrong, as plain data that crosses contexts (worker, popup, page) unchanged.
 *
 * `kind` decides what the worker does next (docs/architecture.md, "Failures"):
 * - `reauth`: the provider definitely rejected the refresh token; stop and ask the user to sign in.
 * - `transient`: network, timeout, 5xx, 429 or a body that is not a token response; keep the
 *   tokens and retry with backoff.
 * - `misconfigured`: the profile or the client registration is wrong; keep the tokens and tell
 *   the user what to fix.
 */
export type FailureKind = 'reauth' | 'transient' | 'misconfigured';

/**
 * The OAuth error codes a provider may send (RFC 6749 §4.1.2.1 and §5.2, RFC 7009 §2.2.1,
 * OpenID Connect Core §3.1.2.6): a failure that quotes one keeps it as its code. Any other code a
 * provider sends becomes `oauth_error` or `authorization_error`, never free server text.
 */
export const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'unsupported_response_type',
  'server_error',
  'temporarily_unavailable',
  'unsupported_token_type',
  'interaction_required',
  'login_required',
  'account_selection_required',
  'consent_required',
  'invalid_request_uri',
  'invalid_request_object',
  'request_not_supported',
  'request_uri_not_supported',
  'registration_not_supported',
] as const;
export type OAuthError = (typeof OAUTH_ERRORS)[number];

/** Token Keeper's own codes: what the popup, the options page and the tests tell apart. */
export const OWN_CODES = [
  // a message or a field the user gave
  'bad_message',
  'bad_origin',
  'set_by_policy',
  'invalid_profile',
  'invalid_file',
  'invalid_url',
  'unknown_provider',
  'no_issuer',
  'no_revoke',
  'wrong_sign_in',
  'credentials_needed',
  'missing_value',
  'missing_client_secret',
  'missing_private_key',
  'invalid_private_key',
  'client_auth_needs_form',
  'body_on_get',
  'mixed_body',
  'no_redirect',
  'no_host_permission',
  'bad_identity_name',
  'one_identity',
  'too_many_identities',
  // the state of a provider
  'signed_out',
  'unknown_identity',
  'other_user',
  'no_refresh',
  'no_refresh_token',
  'expired',
  'refresh_interrupted',
  'no_request',
  // the network and the provider's answers
  'network',
  'timeout',
  'response_cut',
  'response_too_large',
  'rate_limited',
  'unexpected_status',
  'http_error',
  'oauth_error',
  'refresh_rejected',
  'request_rejected',
  'invalid_json',
  'not_token_response',
  'invalid_token_response',
  'missing_access_token',
  'invalid_access_token',
  'invalid_id_token',
  'discovery_failed',
  'discovery_incomplete',
  'invalid_issuer',
  // a sign-in's redirect
  'sign_in_cancelled',
  'sign_in_needed',
  'sign_in_page_failed',
  'authorization_error',
  'invalid_redirect',
  'unexpected_redirect',
  'duplicate_parameter',
  'state_mismatch',
  'issuer_mismatch',
  'missing_code',
  'missing_token',
] as const;
export type FailureCode = (typeof OWN_CODES)[number] | OAuthError;

/** A provider's error code as a failure code: a registered OAuth one, or `fallback`. */
export const oauthCode = (code: unknown, fallback: 'oauth_error' | 'authorization_error') =>
  (OAUTH_ERRORS as readonly unknown[]).includes(code) ? (code as OAuthError) : fallback;

/** One problem with one field of what the user gave, by its path (`refresh.params[1].in`). */
export interface FieldError {
  readonly path: string;
  readonly message: string;
}

export interface Failure {
  readonly kind: FailureKind;
  readonly code: FailureCode;
  readonly message: string;
  /** HTTP status of the response that failed, when there was one. */
  readonly status?: number;
  /** How long the server asked us to wait (`Retry-After` on a 429 or 503), in ms. */
  readonly retryAfterMs?: number;
  /**
   * No answer came (timed out, connection lost, answer cut short): the request may still have
   * reached the server and been acted on, so a refresh token it carried may be spent.
   */
  readonly unanswered?: true;
  /** Which fields of a profile or a file are wrong, each with what to do. */
  readonly fields?: readonly FieldError[];
  /**
   * A sign-in page that did not open: the redirect URL to register, and the page to open in a tab
   * to see the provider's own words (absent where its address holds a secret, an API key).
   */
  readonly signInHelp?: { readonly redirectUri: string; readonly page?: string };
}

/**
 * The code of a refresh that was sent and got no answer (the worker stopped, a timeout, a lost
 * connection): its refresh token may have been spent at the provider.
 */
export const INTERRUPTED = 'refresh_interrupted';

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

type FailureExtra = Pick<
  Failure,
  'status' | 'retryAfterMs' | 'unanswered' | 'fields' | 'signInHelp'
>;

export const failure = (
  kind: FailureKind,
  code: FailureCode,
  message: string,
  extra: FailureExtra = {},
): Failure => ({ kind, code, message, ...extra });

export const fail = (
  ...args: Parameters<typeof failure>
): { readonly ok: false; readonly error: Failure } => ({ ok: false, error: failure(...args) });

/** What the user gave (a profile, a file) has wrong fields; each says what to do. */
export const invalidFields = (
  code: 'invalid_profile' | 'invalid_file',
  message: string,
  fields: readonly FieldError[],
) => fail('misconfigured', code, message, { fields });
