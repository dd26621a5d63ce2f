import * as oauth from 'oauth4webapi';
import { fail, oauthCode, ok, type Result } from './failure';
import { serverAndClient } from './oauth';
import type { Profile, SignIn } from './profile/types';
import { redact } from './mask';
import type { TokenFields } from './token-set';

function parseRedirect(redirectUrl: string, redirectUri: string): Result<URL> {
  let url: URL;
  try {
    url = new URL(redirectUrl);
  } catch {
    return fail('transient', 'invalid_redirect', 'The sign-in did not come back with a URL.');
  }
  const expected = new URL(redirectUri);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
    return fail(
      'misconfigured',
      'unexpected_redirect',
      'The sign-in came back to an unexpected address.',
    );
  }
  return ok(url);
}

/** A parameter that appears twice makes a redirect ambiguous; it is refused, never guessed. */
function refuseRepeats(params: URLSearchParams): Result<URLSearchParams> {
  for (const name of new Set(params.keys())) {
    if (params.getAll(name).length > 1) {
      return fail(
        'misconfigured',
        'duplicate_parameter',
        `The sign-in redirect repeats "${redact(name, 40)}".`,
      );
    }
  }
  return ok(params);
}

/** Authorization errors (RFC 6749 §4.1.2.1) that only the user can fix by signing in again. */
const USER_ERRORS = new Set([
  'access_denied',
  'login_required',
  'consent_required',
  'interaction_required',
]);
const SERVER_ERRORS = new Set(['server_error', 'temporarily_unavailable']);

/** The provider's error code as it may be quoted: a plain code, never arbitrary server text. */
const plainCode = (code: string | null) =>
  code && /^[a-z_]{1,64}$/.test(code) ? code : 'authorization_error';

/**
 * Reads an authorization code redirect (RFC 6749 §4.1.2) with oauth4webapi's
 * `validateAuthResponse`: `state` must be the one sent, `iss` (RFC 9207) the profile's issuer when
 * the server sends it, no parameter repeated; an `error` becomes a failure that names it.
 */
export function readCodeRedirect(
  profile: Profile,
  redirectUrl: string,
  expected: { readonly state: string; readonly redirectUri: string },
): Result<{ code: string }> {
  const url = parseRedirect(redirectUrl, expected.redirectUri);
  if (!url.ok) return url;
  const unique = refuseRepeats(url.value.searchParams);
  if (!unique.ok) return unique;
  const { as, client } = serverAndClient(profile);
  let params: URLSearchParams;
  try {
    params = oauth.validateAuthResponse(as, client, url.value, expected.state);
  } catch (error) {
    if (error instanceof oauth.AuthorizationResponseError) {
      const named = plainCode(error.error);
      const code = oauthCode(named, 'authorization_error');
      const kind = USER_ERRORS.has(code)
        ? 'reauth'
        : SERVER_ERRORS.has(code)
          ? 'transient'
          : 'misconfigured';
      // The provider's own words and its help page, when it gave them: `invalid_request` alone
      // does not say that a nonce, a parameter or a scope was missing.
      const description = error.error_description;
      const uri = error.cause.get('error_uri');
      const said = [
        description && redact(description),
        uri && /^https:\/\//.test(uri) && `see ${redact(uri, 200)}`,
      ].filter(Boolean);
      return fail(
        kind,
        code,
        `The provider refused the sign-in: ${named}${said.length > 0 ? ` (${said.join('; ')})` : ''}.`,
      );
    }
    const message = error instanceof Error ? error.message : '';
    if (message.includes('"iss"')) {
      return fail('misconfigured', 'issuer_mismatch', 'The sign-in came back from another issuer.');
    }
    if (message.includes('"state"')) {
      return fail(
        'misconfigured',
        'state_mismatch',
        'The sign-in came back with a state that was not sent.',
      );
    }
    return fail('misconfigured', 'invalid_redirect', 'The sign-in redirect is not valid.');
  }
  const code = params.get('code');
  if (!code) return fail('misconfigured', 'missing_code', 'The sign-in redirect has no code.');
  return ok({ code });
}

/**
 * Reads tokens that a connect-style sign-in puts in the redirect (UiTiD:
 * `YOUR_URL?jwt=ACCESS&refresh=REFRESH`), from the query or the fragment as the profile says.
 */
export function readTokenRedirect(
  signIn: Extract<SignIn, { kind: 'connect' }>,
  redirectUrl: string,
  redirectUri: string,
): Result<TokenFields> {
  const url = parseRedirect(redirectUrl, redirectUri);
  if (!url.ok) return url;
  const unique = refuseRepeats(
    signIn.tokensIn === 'query'
      ? url.value.searchParams
      : new URLSearchParams(url.value.hash.slice(1)),
  );
  if (!unique.ok) return unique;
  const params = unique.value;
  const error = params.get('error');
  if (error !== null) {
    const named = plainCode(error);
    const code = oauthCode(named, 'authorization_error');
    return fail(
      USER_ERRORS.has(code) ? 'reauth' : 'misconfigured',
      code,
      `The provider refused the sign-in: ${named}.`,
    );
  }
  const accessToken = params.get(signIn.accessParam);
  if (!accessToken) {
    return fail(
      'misconfigured',
      'missing_token',
      `The sign-in redirect has no "${signIn.accessParam}".`,
    );
  }
  const refreshToken = signIn.refreshParam === undefined ? null : params.get(signIn.refreshParam);
  return ok(refreshToken ? { accessToken, refreshToken } : { accessToken });
}
