import * as oauth from 'oauth4webapi';
import { toTokenSet, type Timing } from './expiry';
import { fail, failure, ok, type Failure, type Result } from './failure';
import type { HttpResponse } from './http';
import { classifyHttpFailure, isHtml } from './http-failure';
import { looksLikeJwt } from './jwt';
import { serverAndClient } from './oauth';
import type { FieldRole, JsonResponseMap, Profile } from './profile/types';
import { parseAbsoluteTime } from './time';
import type { TokenFields, TokenSet } from './token-set';

/** Bodies longer than this (1 Mi characters) are not token responses; the adapter stops reading there too. */
export const MAX_BODY_CHARS = 1024 * 1024;

/** The grant a response answers; oauth4webapi checks each a little differently. */
export type GrantType = 'authorization_code' | 'refresh_token' | 'client_credentials' | 'password';

const notTokens = (message: string) => fail('transient', 'not_token_response', message);
const invalid = (message: string) => fail('transient', 'invalid_token_response', message);

/**
 * Reads a token endpoint's answer into a `TokenSet`, or a classified failure. Never throws:
 * every body a server may send, however broken, comes back as a `Failure` whose message holds no
 * token value.
 */
export async function readTokenResponse(
  profile: Profile,
  grant: GrantType,
  res: HttpResponse,
  timing: Timing,
  /** The secret values the request carried, masked wherever the answer echoes them. */
  known: readonly (string | undefined)[],
  /** The `nonce` the sign-in sent, which the ID token must carry back. */
  nonce?: string,
): Promise<Result<TokenSet>> {
  if (res.body.length > MAX_BODY_CHARS) {
    return fail('transient', 'response_too_large', 'The token response is larger than 1 MiB.');
  }
  if (res.status < 200 || res.status > 299) {
    return { ok: false, error: classifyHttpFailure(res, profile.errors, known) };
  }
  if (isHtml(res.body)) {
    return notTokens('The provider answered with an HTML page (a login page?) instead of tokens.');
  }
  const map = profile.response;
  if (map.format === 'jwt-body') {
    const fields = bearerOnly(readJwtBody(res.body));
    return fields.ok ? ok(toTokenSet(fields.value, timing, profile.expiry)) : fields;
  }
  const json = parseJson(res.body);
  if (!json.ok) return json;
  const fields = bearerOnly(mapFields(json.value, map));
  if (!fields.ok) return fields;
  if (map.format === 'oauth2') {
    const checked = await checkOAuth2(profile, grant, res, nonce);
    if (!checked.ok) return checked;
  }
  return ok(toTokenSet(fields.value, timing, profile.expiry));
}

/** RFC 6750 §2.1 `b64token`: what a bearer token may hold, so it goes into a header as it is. */
const B64TOKEN = /^[A-Za-z0-9\-._~+/]+=*$/;

/**
 * Refuses an access token a header cannot carry as it is (a space, a quote, CR, LF, NUL, a
 * non-ASCII letter): the browser would refuse its header rule, and a copied curl line would break.
 * It is a provider's fault that no retry mends, so the provider waits for a new sign-in.
 */
export function bearerOnly(fields: Result<TokenFields>): Result<TokenFields> {
  if (!fields.ok || B64TOKEN.test(fields.value.accessToken)) return fields;
  return fail(
    'reauth',
    'invalid_access_token',
    'The provider sent an access token with characters a bearer token may not have (RFC 6750 allows letters, digits and - . _ ~ + / =); it was not stored. Sign in again once the provider is fixed.',
  );
}

function readJwtBody(body: string): Result<TokenFields> {
  const token = body.trim().replace(/^"(.*)"$/, '$1');
  if (!looksLikeJwt(token)) return notTokens('The response body is not a JWT.');
  return ok({ accessToken: token });
}

function parseJson(body: string): Result<Record<string, unknown>> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return fail('transient', 'invalid_json', 'The token response is not valid JSON.');
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return notTokens('The token response is not a JSON object.');
  }
  return ok(json as Record<string, unknown>);
}

const PROCESSORS: Record<
  Exclude<GrantType, 'authorization_code'>,
  typeof oauth.processGenericTokenEndpointResponse
> = {
  refresh_token: oauth.processRefreshTokenResponse,
  client_credentials: oauth.processClientCredentialsResponse,
  password: oauth.processGenericTokenEndpointResponse,
};

/**
 * What the profile's own checks leave to oauth4webapi: the rest of RFC 6749 §5.1 (`token_type`
 * present) and ID token claims (OpenID Connect Core §3.1.3.7).
 */
async function checkOAuth2(
  profile: Profile,
  grant: GrantType,
  res: HttpResponse,
  nonce: string | undefined,
): Promise<Result<true>> {
  const { as, client } = serverAndClient(profile);
  try {
    // oauth4webapi wants exactly 200; any 2xx was accepted above.
    const response = new Response(res.body, { status: 200, headers: res.headers });
    if (grant === 'authorization_code')
      await oauth.processAuthorizationCodeResponse(as, client, response, {
        expectedNonce: nonce ?? oauth.expectNoNonce,
      });
    else await PROCESSORS[grant](as, client, response);
    return ok(true);
  } catch (error) {
    return { ok: false, error: fromOAuthError(error) };
  }
}

/** oauth4webapi's messages name fields, never values; its `cause` may hold the body: dropped. */
function fromOAuthError(error: unknown): Failure {
  const message =
    error instanceof Error ? error.message.replace(/"response" body /g, '') : 'unknown';
  if (error instanceof oauth.UnsupportedOperationError) {
    return failure(
      'misconfigured',
      'unsupported_token_type',
      'The token type is not Bearer (or DPoP).',
    );
  }
  if (error instanceof oauth.OperationProcessingError) {
    switch (error.code) {
      case oauth.JWT_CLAIM_COMPARISON:
      case oauth.JWT_TIMESTAMP_CHECK:
        return failure(
          'misconfigured',
          'invalid_id_token',
          `The ID token is not valid: ${message}.`,
        );
    }
  }
  return failure(
    'transient',
    'invalid_token_response',
    `The token response is not valid: ${message}.`,
  );
}

function stringField(json: Record<string, unknown>, map: JsonResponseMap, role: FieldRole) {
  const name = map[role];
  if (name === undefined || json[name] === undefined || json[name] === null) return ok(undefined);
  const value = json[name];
  if (typeof value !== 'string') return invalid(`"${name}" must be text.`);
  if (value !== '') return ok(value);
  return role === 'accessToken' ? ok(undefined) : invalid(`"${name}" must not be empty.`);
}

function secondsField(json: Record<string, unknown>, map: JsonResponseMap, role: FieldRole) {
  const name = map[role];
  if (name === undefined || json[name] === undefined || json[name] === null) return ok(undefined);
  const value = json[name];
  // Lenient at the edge, as oauth4webapi is: "3600" is read as 3600.
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) && n >= 0
    ? ok(n)
    : invalid(`"${name}" must be a number of seconds, zero or more.`);
}

function timeField(json: Record<string, unknown>, map: JsonResponseMap, role: FieldRole) {
  const name = map[role];
  if (name === undefined || json[name] === undefined || json[name] === null) return ok(undefined);
  const time = parseAbsoluteTime(json[name]);
  return time === undefined ? invalid(`"${name}" is not a date and time.`) : ok(time);
}

/** Maps a JSON token response through the profile's field names (seed 003's camelCase, ...). */
function mapFields(json: Record<string, unknown>, map: JsonResponseMap): Result<TokenFields> {
  const access = stringField(json, map, 'accessToken');
  if (!access.ok) return access;
  if (access.value === undefined) {
    return fail('transient', 'missing_access_token', `The response has no "${map.accessToken}".`);
  }
  const tokenType = stringField(json, map, 'tokenType');
  if (!tokenType.ok) return tokenType;
  if (tokenType.value !== undefined && tokenType.value.toLowerCase() !== 'bearer') {
    return fail('misconfigured', 'unsupported_token_type', 'The token type is not Bearer.');
  }
  const parts = {
    refreshToken: stringField(json, map, 'refreshToken'),
    idToken: stringField(json, map, 'idToken'),
    scope: stringField(json, map, 'scope'),
    expiresIn: secondsField(json, map, 'expiresIn'),
    expiresAt: timeField(json, map, 'expiresAt'),
    refreshExpiresIn: secondsField(json, map, 'refreshExpiresIn'),
    refreshExpiresAt: timeField(json, map, 'refreshExpiresAt'),
  };
  const fields: Record<string, unknown> = { accessToken: access.value };
  if (tokenType.value !== undefined) fields['tokenType'] = tokenType.value;
  for (const [key, part] of Object.entries(parts)) {
    if (!part.ok) return part;
    if (part.value !== undefined) fields[key] = part.value;
  }
  return ok(fields as unknown as TokenFields);
}
