import * as oauth from 'oauth4webapi';
import { fail, ok, type Result } from './failure';
import { buildRequest, type HttpRequest } from './http';
import { serverAndClient } from './oauth';
import { profileVars } from './profile-vars';
import type { Endpoint, Profile, SignIn } from './profile';
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

const JWS_IMPORT: Readonly<Record<string, RsaHashedImportParams | EcKeyImportParams | Algorithm>> =
  {
    RS256: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    RS384: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384' },
    RS512: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512' },
    PS256: { name: 'RSA-PSS', hash: 'SHA-256' },
    PS384: { name: 'RSA-PSS', hash: 'SHA-384' },
    PS512: { name: 'RSA-PSS', hash: 'SHA-512' },
    ES256: { name: 'ECDSA', namedCurve: 'P-256' },
    ES384: { name: 'ECDSA', namedCurve: 'P-384' },
  };
export const ASSERTION_ALGORITHMS = Object.keys(JWS_IMPORT);

/**
 * Client credentials with a `private_key_jwt` assertion (RFC 7523 §2.2; SMART backend services,
 * which Koppeltaal follows). oauth4webapi signs the assertion; its times and `jti` come from the
 * caller, and its audience is the token endpoint, as SMART asks.
 */
export async function buildClientCredentialsRequest(
  profile: Profile,
  input: { readonly now: number; readonly jti: string; readonly redirectUri: string },
): Promise<Result<HttpRequest>> {
  const endpoint = signInEndpoint(profile, 'client_credentials');
  if (!endpoint.ok) return endpoint;
  const jwk = profile.secrets.privateKeyJwk;
  const params = jwk?.alg === undefined ? undefined : JWS_IMPORT[jwk.alg];
  if (!jwk || !params) {
    return fail(
      'misconfigured',
      'missing_private_key',
      'Client credentials need a private key (JWK with "alg").',
    );
  }
  const request = buildRequest(endpoint.value, profileVars(profile, input.redirectUri));
  if (!request.ok) return request;
  if (request.value.headers['content-type'] !== 'application/x-www-form-urlencoded') {
    return fail(
      'misconfigured',
      'assertion_needs_form',
      'A client assertion is sent in a POST form body.',
    );
  }
  let key: CryptoKey;
  try {
    key = await crypto.subtle.importKey('jwk', jwk, params, false, ['sign']);
  } catch {
    return fail(
      'misconfigured',
      'invalid_private_key',
      `The private key is not a valid ${jwk.alg} key.`,
    );
  }
  const { as, client } = serverAndClient(profile);
  const iat = Math.floor(input.now / 1000);
  const body = new URLSearchParams(request.value.body);
  const sign = oauth.PrivateKeyJwt(
    { key, ...(jwk.kid !== undefined && { kid: jwk.kid }) },
    {
      [oauth.modifyAssertion]: (_header, payload) => {
        Object.assign(payload, {
          aud: endpoint.value.url,
          iat,
          nbf: iat,
          exp: iat + 300,
          jti: input.jti,
        });
      },
    },
  );
  await sign(as, client, body, new Headers());
  return ok({ ...request.value, body: body.toString() });
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
