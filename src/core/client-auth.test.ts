import { describe, expect, it } from 'vitest';
import { authenticate } from './client-auth';
import { buildRefreshRequest, buildRevokeRequest } from './grants';
import type { HttpRequest } from './http';
import { createProfile } from './profile/presets';
import type { ClientAuthMethod } from './profile/types';
import type { Profile } from './profile/types';

const REDIRECT = 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/';
const input = { now: 1_700_000_000_000, jti: 'jti-1' };
const tokens = {
  accessToken: 'a',
  tokenType: 'bearer',
  refreshToken: 'R',
  obtainedAt: 0,
  expiresAt: 1,
};

/** Keycloak's refresh, for a confidential client whose params may also name its secret. */
function profile(
  auth: ClientAuthMethod | undefined,
  secrets: Profile['secrets'] = { clientSecret: 's3cr3t:/x' },
  secretParam = true,
): Profile {
  const base = createProfile('keycloak', { id: 'k', base: 'https://idp.example/realms/r' });
  const refresh = base.refresh ?? { method: 'POST' as const, url: '', params: [] };
  return {
    ...base,
    client: { ...base.client, clientId: 'my client', ...(auth && { auth }) },
    secrets,
    refresh: {
      ...refresh,
      params: [
        ...refresh.params,
        ...(secretParam
          ? [{ name: 'client_secret', in: 'form' as const, from: 'clientSecret' as const }]
          : []),
      ],
    },
  };
}

async function refreshWith(p: Profile): Promise<HttpRequest> {
  const request = buildRefreshRequest(p, tokens, REDIRECT);
  if (!request.ok) throw new Error(request.error.message);
  const authed = await authenticate(p, request.value, input);
  if (!authed.ok) throw new Error(authed.error.message);
  return authed.value;
}

describe('client authentication', () => {
  it('leaves a profile without client.auth to its own parameters', async () => {
    const request = await refreshWith(profile(undefined));
    expect(new URLSearchParams(request.body).get('client_secret')).toBe('s3cr3t:/x');
    expect(request.headers['authorization']).toBeUndefined();
  });

  it('client_secret_basic: the id and secret in the header, form-encoded first (RFC 6749 §2.3.1), never in the body', async () => {
    const request = await refreshWith(profile('client_secret_basic'));
    const [scheme, value] = (request.headers['authorization'] ?? '').split(' ');
    expect(scheme).toBe('Basic');
    expect(Buffer.from(value ?? '', 'base64').toString()).toBe('my+client:s3cr3t%3A%2Fx');
    expect(new URLSearchParams(request.body).has('client_secret')).toBe(false);
    expect(new URLSearchParams(request.body).get('refresh_token')).toBe('R');
  });

  it.each([
    ['-', '-'],
    ['.', '.'],
    ['_', '_'],
    ['*', '*'],
    ['~', '%7E'],
    ['!', '%21'],
    ["'", '%27'],
    ['(', '%28'],
    [')', '%29'],
    [' ', '+'],
    [':', '%3A'],
    ['%', '%25'],
    ['+', '%2B'],
    ['é', '%C3%A9'],
  ])(
    'client_secret_basic: %s in a client id and a secret is sent as %s, as the form encoding says',
    async (char, sent) => {
      const p = profile('client_secret_basic', { clientSecret: `s${char}t` });
      const request = await refreshWith({
        ...p,
        client: { ...p.client, clientId: `token${char}keeper` },
      });
      const value = (request.headers['authorization'] ?? '').replace(/^Basic /, '');
      expect(Buffer.from(value, 'base64').toString()).toBe(`token${sent}keeper:s${sent}t`);
    },
  );

  it('client_secret_post: the id and secret in the body', async () => {
    const body = new URLSearchParams((await refreshWith(profile('client_secret_post'))).body);
    expect(body.get('client_id')).toBe('my client');
    expect(body.get('client_secret')).toBe('s3cr3t:/x');
  });

  it('none: the id alone, as a public client', async () => {
    const request = await refreshWith(profile('none'));
    const body = new URLSearchParams(request.body);
    expect(body.get('client_id')).toBe('my client');
    expect(body.has('client_secret')).toBe(false);
    expect(request.headers['authorization']).toBeUndefined();
  });

  it('private_key_jwt: a signed assertion for the endpoint, no secret', async () => {
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const jwk = { ...(await crypto.subtle.exportKey('jwk', pair.privateKey)), alg: 'ES256' };
    const body = new URLSearchParams(
      (await refreshWith(profile('private_key_jwt', { privateKeyJwk: jwk }, false))).body,
    );
    expect(body.get('client_assertion_type')).toBe(
      'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
    );
    const claims = JSON.parse(
      Buffer.from(body.get('client_assertion')?.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: 'my client',
      sub: 'my client',
      aud: 'https://idp.example/realms/r/protocol/openid-connect/token',
      jti: 'jti-1',
    });
    expect(body.has('client_secret')).toBe(false);
  });

  it('authenticates revocation the same way', async () => {
    const p = profile('client_secret_basic');
    const request = buildRevokeRequest(p, 'R', REDIRECT);
    if (!request.ok) throw new Error(request.error.message);
    const authed = await authenticate(p, request.value, input);
    expect(authed.ok && authed.value.headers['authorization']).toMatch(/^Basic /);
  });

  it('says what is missing: the secret, or a form body to carry it', async () => {
    const noSecret = profile('client_secret_basic', {}, false);
    const request = buildRefreshRequest(noSecret, tokens, REDIRECT);
    if (!request.ok) throw new Error(request.error.message);
    expect(await authenticate(noSecret, request.value, input)).toMatchObject({
      ok: false,
      error: { code: 'missing_client_secret' },
    });
    const get: HttpRequest = { method: 'GET', url: 'https://idp.example/t?x=1', headers: {} };
    expect(await authenticate(profile('client_secret_post'), get, input)).toMatchObject({
      ok: false,
      error: { code: 'client_auth_needs_form' },
    });
  });
});
