import { fail, ok, type Result } from './failure';
import { buildRequest, type HttpRequest } from './http';
import { authenticate, type AssertionInput } from './client-auth';
import { profileVars } from './profile/vars';
import type { Endpoint, Profile, SignIn } from './profile/types';
import type { TokenSet } from './token-set';

function signInEndpoint(profile: Profile, kind: SignIn['kind']): Result<Endpoint> {
  const { signIn } = profile;
  if (signIn.kind !== kind || !('token' in signIn)) {
    return fail('misconfigured', 'wrong_sign_in', `This profile does not sign in with ${kind}.`);
  }
  return ok(signIn.token);
}

/** The refresh request in the profile's dialect (RFC 6749 §6, or the seed's own shape). */
export function buildRefreshRequest(
  profile: Profile,
  tokens: TokenSet,
  redirectUri: string,
): Result<HttpRequest> {
  if (!profile.refresh)
    return fail('reauth', 'no_refresh', 'This provider cannot refresh; sign in again.');
  if (tokens.refreshToken === undefined) {
    return fail('reauth', 'no_refresh_token', 'There is no refresh token; sign in again.');
  }
  return buildRequest(profile.refresh, {
    ...profileVars(profile, redirectUri),
    refreshToken: tokens.refreshToken,
  });
}

/** Exchanges an authorization code (RFC 6749 §4.1.3) with its PKCE verifier (RFC 7636 §4.5). */
export function buildCodeExchangeRequest(
  profile: Profile,
  input: { readonly code: string; readonly codeVerifier: string; readonly redirectUri: string },
): Result<HttpRequest> {
  const endpoint = signInEndpoint(profile, 'authorization_code');
  if (!endpoint.ok) return endpoint;
  const { code, codeVerifier, redirectUri } = input;
  return buildRequest(endpoint.value, { ...profileVars(profile, redirectUri), code, codeVerifier });
}

/**
 * A password-style login (seed 003, Keycloak's direct grant). The credentials go into this one
 * request and nowhere else: nothing returned here or stored later holds them.
 */
export function buildPasswordRequest(
  profile: Profile,
  credentials: { readonly username: string; readonly password: string },
  redirectUri: string,
): Result<HttpRequest> {
  const endpoint = signInEndpoint(profile, 'password');
  if (!endpoint.ok) return endpoint;
  return buildRequest(endpoint.value, { ...profileVars(profile, redirectUri), ...credentials });
}

/**
 * Client credentials with a `private_key_jwt` assertion (RFC 7523 §2.2; SMART backend services,
 * which Koppeltaal follows), whose audience is the token endpoint.
 */
export async function buildClientCredentialsRequest(
  profile: Profile,
  input: AssertionInput & { readonly redirectUri: string },
): Promise<Result<HttpRequest>> {
  const endpoint = signInEndpoint(profile, 'client_credentials');
  if (!endpoint.ok) return endpoint;
  const request = buildRequest(endpoint.value, profileVars(profile, input.redirectUri));
  if (!request.ok) return request;
  return authenticate(profile, request.value, input, 'private_key_jwt');
}

/** Revokes a token (RFC 7009 §2.1) through the profile's revocation endpoint. */
export function buildRevokeRequest(
  profile: Profile,
  token: string,
  redirectUri: string,
): Result<HttpRequest> {
  if (!profile.revoke)
    return fail('misconfigured', 'no_revoke', 'This provider has no revocation endpoint.');
  return buildRequest(profile.revoke, {
    ...profileVars(profile, redirectUri),
    refreshToken: token,
  });
}
