import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { CAMEL_REFRESH_TOKEN_SENT, FOS_REFRESH_URL } from './__fixtures__/seeds';
import {
  buildClientCredentialsRequest,
  buildCodeExchangeRequest,
  buildPasswordRequest,
  buildRefreshRequest,
  buildRevokeRequest,
} from './grants';
import type { HttpRequest } from './http';
import { createProfile } from './profile/presets';
import type { Profile } from './profile/types';
import type { TokenSet } from './token-set';

const REDIRECT = 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/';
const tokens = (refreshToken?: string): TokenSet => ({
  accessToken: 'access',
  tokenType: 'bearer',
  obtainedAt: 0,
  expiresAt: 1,
  ...(refreshToken !== undefined && { refreshToken }),
});
const form = (req: HttpRequest) => Object.fromEntries(new URLSearchParams(req.body));
const unwrap = <T>(r: { ok: true; value: T } | { ok: false }) => {
  if (!r.ok) throw new Error('expected ok');
  return r.value;
};

describe('refresh requests in each dialect’s exact shape', () => {
  it('002 FOSOAuth: GET with every parameter in the query, as the seed’s example', () => {
    const seed = new URL(FOS_REFRESH_URL);
    const q = seed.searchParams;
    const profile: Profile = {
      ...createProfile('fosoauth', { id: 'f' }),
      client: { clientId: q.get('client_id') ?? '' },
      secrets: { clientSecret: q.get('client_secret') ?? '' },
    };
    const req = unwrap(
      buildRefreshRequest(
        profile,
        tokens(q.get('refresh_token') ?? ''),
        q.get('redirect_uri') ?? '',
      ),
    );
    const url = new URL(req.url);
    expect(req.method).toBe('GET');
    expect(req.body).toBeUndefined();
    expect(url.origin + url.pathname).toBe(seed.origin + seed.pathname);
    expect([...url.searchParams]).toEqual([...q]);
  });

  it('001 UiTiD: GET /refresh?apiKey=..&refresh=..', () => {
    const profile: Profile = {
      ...createProfile('uitid', { id: 'u', base: 'https://uitid.example' }),
      secrets: { apiKey: 'KEY' },
    };
    const req = unwrap(buildRefreshRequest(profile, tokens('REFRESH'), REDIRECT));
    expect(req).toMatchObject({
      method: 'GET',
      url: 'https://uitid.example/refresh?apiKey=KEY&refresh=REFRESH',
    });
    expect(req.body).toBeUndefined();
  });

  it('003 camelCase: the seed’s request body, byte for byte', () => {
    const req = unwrap(
      buildRefreshRequest(
        createProfile('camelcase', { id: 'c' }),
        tokens(CAMEL_REFRESH_TOKEN_SENT),
        REDIRECT,
      ),
    );
    expect(req).toMatchObject({ method: 'POST', url: 'https://127.0.0.1/api/oauth2/token' });
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(req.body).toBe(`grantType=RefreshToken&refreshToken=${CAMEL_REFRESH_TOKEN_SENT}`);
  });

  it('004 Keycloak: POST form with client_id integration-api', () => {
    const req = unwrap(
      buildRefreshRequest(createProfile('keycloak', { id: 'k' }), tokens('R'), REDIRECT),
    );
    expect(req.url).toBe('https://auth.apiax.io/auth/realms/apiax/protocol/openid-connect/token');
    expect(req.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(form(req)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'integration-api',
      refresh_token: 'R',
    });
  });

  it('000 Koppeltaal: POST form whose scope is the first request’s scope', () => {
    const base = createProfile('koppeltaal', { id: 'k' });
    const profile: Profile = { ...base, client: { ...base.client, scope: 'fhir/*.read' } };
    const req = unwrap(
      buildRefreshRequest(profile, tokens('89d970e4-5048-4310-b6f8-c5bc83f92e11'), REDIRECT),
    );
    expect(req.url).toBe('https://authentication-service.koppeltaal.headease.nl/oauth2/token');
    expect(form(req)).toEqual({
      grant_type: 'refresh_token',
      refresh_token: '89d970e4-5048-4310-b6f8-c5bc83f92e11',
      scope: 'fhir/*.read',
    });
  });

  it('says "sign in again" without a refresh token or a refresh endpoint', () => {
    const keycloak = createProfile('keycloak', { id: 'k' });
    expect(buildRefreshRequest(keycloak, tokens(), REDIRECT)).toMatchObject({
      ok: false,
      error: { kind: 'reauth', code: 'no_refresh_token' },
    });
    const { refresh: _, ...noRefresh } = keycloak;
    expect(buildRefreshRequest(noRefresh, tokens('r'), REDIRECT)).toMatchObject({
      ok: false,
      error: { kind: 'reauth', code: 'no_refresh' },
    });
  });
});

describe('first-token grants', () => {
  it('exchanges a code with its PKCE verifier', () => {
    const profile: Profile = {
      ...createProfile('oidc', { id: 'o', base: 'https://idp.example' }),
      client: { clientId: 'tk' },
    };
    const req = unwrap(
      buildCodeExchangeRequest(profile, { code: 'C', codeVerifier: 'V', redirectUri: REDIRECT }),
    );
    expect(form(req)).toEqual({
      grant_type: 'authorization_code',
      code: 'C',
      redirect_uri: REDIRECT,
      code_verifier: 'V',
      client_id: 'tk',
    });
  });

  it('logs in with a password that stays in this one request', () => {
    const profile = createProfile('keycloak', { id: 'k' });
    const req = unwrap(
      buildPasswordRequest(profile, { username: 'ann', password: 'pw' }, REDIRECT),
    );
    expect(form(req)).toEqual({
      grant_type: 'password',
      client_id: 'integration-api',
      username: 'ann',
      password: 'pw',
    });
    expect(JSON.stringify(profile)).not.toContain('pw');
  });

  it('refuses a grant the profile does not sign in with', () => {
    const profile = createProfile('uitid', { id: 'u' });
    expect(buildPasswordRequest(profile, { username: 'a', password: 'b' }, REDIRECT)).toMatchObject(
      { ok: false, error: { code: 'wrong_sign_in' } },
    );
    expect(
      buildCodeExchangeRequest(profile, { code: 'c', codeVerifier: 'v', redirectUri: REDIRECT }),
    ).toMatchObject({ ok: false, error: { code: 'wrong_sign_in' } });
  });

  it('revokes the refresh token (RFC 7009)', () => {
    const req = unwrap(buildRevokeRequest(createProfile('keycloak', { id: 'k' }), 'R', REDIRECT));
    expect(req.url).toBe('https://auth.apiax.io/auth/realms/apiax/protocol/openid-connect/revoke');
    expect(form(req)).toEqual({
      token: 'R',
      token_type_hint: 'refresh_token',
      client_id: 'integration-api',
    });
    expect(buildRevokeRequest(createProfile('uitid', { id: 'u' }), 'R', REDIRECT)).toMatchObject({
      ok: false,
      error: { code: 'no_revoke' },
    });
  });
});

describe('client credentials with private_key_jwt (Koppeltaal)', () => {
  const now = 1_631_193_490_000;
  async function keyPair() {
    const pair = await crypto.subtle.generateKey(
      {
        name: 'RSASSA-PKCS1-v1_5',
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: 'SHA-512',
      },
      true,
      ['sign', 'verify'],
    );
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    return { publicKey: pair.publicKey, jwk: { ...jwk, alg: 'RS512', kid: 'key-1' } };
  }
  const koppeltaal = (privateKeyJwk?: Profile['secrets']['privateKeyJwk']): Profile => {
    const base = createProfile('koppeltaal', { id: 'k', base: 'https://auth.koppeltaal.example' });
    return {
      ...base,
      client: { ...base.client, clientId: '5ad7cf6a', scope: 'fhir' },
      secrets: privateKeyJwk ? { privateKeyJwk } : {},
    };
  };

  it('signs an RS512 assertion for the token endpoint, with the caller’s time and jti', async () => {
    const { publicKey, jwk } = await keyPair();
    const req = unwrap(
      await buildClientCredentialsRequest(koppeltaal(jwk), {
        now,
        jti: 'jti-1',
        redirectUri: REDIRECT,
      }),
    );
    const body = form(req);
    expect(body).toMatchObject({
      grant_type: 'client_credentials',
      scope: 'fhir',
      client_id: '5ad7cf6a',
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    });
    const assertion = body['client_assertion'] ?? '';
    expect(decodeProtectedHeader(assertion)).toEqual({ alg: 'RS512', kid: 'key-1' });
    const { payload } = await jwtVerify(assertion, publicKey, { currentDate: new Date(now) });
    expect(payload).toEqual({
      iss: '5ad7cf6a',
      sub: '5ad7cf6a',
      aud: 'https://auth.koppeltaal.example/oauth2/token',
      iat: now / 1000,
      nbf: now / 1000,
      exp: now / 1000 + 300,
      jti: 'jti-1',
    });
  });

  it('needs a private key with a known alg', async () => {
    expect(
      await buildClientCredentialsRequest(koppeltaal(), { now, jti: 'j', redirectUri: REDIRECT }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'misconfigured', code: 'missing_private_key' },
    });
    expect(
      await buildClientCredentialsRequest(koppeltaal({ kty: 'RSA', alg: 'none' }), {
        now,
        jti: 'j',
        redirectUri: REDIRECT,
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'missing_private_key' },
    });
  });

  it('refuses a key that does not import', async () => {
    const result = await buildClientCredentialsRequest(
      koppeltaal({ kty: 'RSA', alg: 'RS512', n: 'AQAB', e: 'AQAB' }),
      { now, jti: 'j', redirectUri: REDIRECT },
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_private_key' } });
  });

  it('refuses an assertion outside a form body', async () => {
    const { jwk } = await keyPair();
    const base = koppeltaal(jwk);
    const profile: Profile = {
      ...base,
      signIn: {
        kind: 'client_credentials',
        token: {
          method: 'POST',
          url: 'https://auth.koppeltaal.example/t',
          params: [{ name: 'g', in: 'json', value: 'x' }],
        },
      },
    };
    expect(
      await buildClientCredentialsRequest(profile, { now, jti: 'j', redirectUri: REDIRECT }),
    ).toMatchObject({ ok: false, error: { code: 'client_auth_needs_form' } });
  });
});
