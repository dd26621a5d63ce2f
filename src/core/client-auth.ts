import * as oauth from 'oauth4webapi';
import { fail, ok, type Result } from './failure';
import type { HttpRequest } from './http';
import { serverAndClient } from './oauth';
import type { ClientAuthMethod, Profile } from './profile/types';

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

/** One request's single-use values: the time and the assertion's `jti`. */
export interface AssertionInput {
  readonly now: number;
  readonly jti: string;
}

/**
 * A `private_key_jwt` client authentication with the profile's key (RFC 7523 §2.2; SMART backend
 * services). oauth4webapi signs it; its times and `jti` come from the caller, and its audience is
 * the endpoint it goes to, as SMART asks.
 */
async function privateKeyJwt(
  profile: Profile,
  audience: string,
  input: AssertionInput,
): Promise<Result<oauth.ClientAuth>> {
  const jwk = profile.secrets.privateKeyJwk;
  const params = jwk?.alg === undefined ? undefined : JWS_IMPORT[jwk.alg];
  if (!jwk || !params) {
    return fail(
      'misconfigured',
      'missing_private_key',
      'A client assertion needs a private key (JWK with "alg").',
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
  const iat = Math.floor(input.now / 1000);
  return ok(
    oauth.PrivateKeyJwt(
      { key, ...(jwk.kid !== undefined && { kid: jwk.kid }) },
      {
        [oauth.modifyAssertion]: (_header, payload) => {
          Object.assign(payload, { aud: audience, iat, nbf: iat, exp: iat + 300, jti: input.jti });
        },
      },
    ),
  );
}

/**
 * RFC 6749 §2.3.1: the client id and secret are encoded with `application/x-www-form-urlencoded`
 * (Appendix B) before they are joined for HTTP Basic. That encoding leaves letters, digits and
 * `- . _ *` as they are. oauth4webapi's `ClientSecretBasic` also escapes `- . _ ! ~ * ' ( )`, and
 * servers that take Basic credentials as they come (PHP's `PHP_AUTH_USER`, many others) then
 * refuse `token-keeper` as the unknown client `token%2Dkeeper`.
 */
export const formEncode = (value: string): string =>
  new URLSearchParams({ v: value }).toString().slice(2);

const clientSecretBasic =
  (secret: string): oauth.ClientAuth =>
  (_as, client, _body, headers) => {
    headers.set(
      'authorization',
      `Basic ${btoa(`${formEncode(client.client_id)}:${formEncode(secret)}`)}`,
    );
  };

async function clientAuth(
  profile: Profile,
  method: ClientAuthMethod,
  audience: string,
  input: AssertionInput,
): Promise<Result<oauth.ClientAuth>> {
  if (method === 'private_key_jwt') return privateKeyJwt(profile, audience, input);
  if (method === 'none') return ok(oauth.None());
  const secret = profile.secrets.clientSecret;
  if (secret === undefined)
    return fail('misconfigured', 'missing_client_secret', `${method} needs the client secret.`);
  return ok(
    method === 'client_secret_basic' ? clientSecretBasic(secret) : oauth.ClientSecretPost(secret),
  );
}

/**
 * Adds client authentication to a form request for a token or revocation endpoint: the
 * profile's method (or `method`, for a client credentials assertion), through oauth4webapi. A
 * secret the profile's own parameters put in the body is taken out where the method sends it
 * elsewhere (a header, an assertion), so it never travels twice.
 */
export async function authenticate(
  profile: Profile,
  request: HttpRequest,
  input: AssertionInput,
  method: ClientAuthMethod | undefined = profile.client.auth,
): Promise<Result<HttpRequest>> {
  if (method === undefined) return ok(request);
  if (
    request.method !== 'POST' ||
    request.headers['content-type'] !== 'application/x-www-form-urlencoded'
  ) {
    return fail(
      'misconfigured',
      'client_auth_needs_form',
      `Client authentication (${method}) is sent with a POST form body.`,
    );
  }
  const audience = request.url.split('?')[0] ?? request.url;
  const auth = await clientAuth(profile, method, audience, input);
  if (!auth.ok) return auth;
  const body = new URLSearchParams(request.body);
  if (method !== 'client_secret_post') body.delete('client_secret');
  const headers = new Headers(request.headers);
  const { as, client } = serverAndClient(profile);
  await auth.value(as, client, body, headers);
  return ok({ ...request, headers: Object.fromEntries(headers), body: body.toString() });
}
