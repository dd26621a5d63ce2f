import { describe, expect, it } from 'vitest';
import { json } from './__fixtures__/jwt';
import { applyDiscovery, discoveryRequest } from './discovery';
import { createProfile } from './profile/presets';
import type { Profile } from './profile/types';

const issuer = 'https://idp.example/realms/dev';
const metadata = {
  issuer,
  authorization_endpoint: `${issuer}/protocol/openid-connect/auth`,
  token_endpoint: `${issuer}/protocol/openid-connect/token`,
  revocation_endpoint: `${issuer}/protocol/openid-connect/revoke`,
};

describe('discovery', () => {
  it('asks the issuer’s well-known path', () => {
    expect(discoveryRequest(issuer)).toMatchObject({
      ok: true,
      value: { method: 'GET', url: `${issuer}/.well-known/openid-configuration` },
    });
    expect(discoveryRequest(`${issuer}/`)).toMatchObject({
      ok: true,
      value: { url: `${issuer}/.well-known/openid-configuration` },
    });
    expect(discoveryRequest('nope')).toMatchObject({
      ok: false,
      error: { code: 'invalid_issuer' },
    });
  });

  it('fills the profile’s endpoints and revocation', async () => {
    const result = await applyDiscovery(
      createProfile('oidc', { id: 'o', base: issuer }),
      issuer,
      json(200, metadata),
    );
    if (!result.ok) throw new Error(result.error.message);
    const p = result.value;
    expect(p.signIn).toMatchObject({
      authorizeUrl: metadata.authorization_endpoint,
      token: { url: metadata.token_endpoint },
    });
    expect(p.refresh?.url).toBe(metadata.token_endpoint);
    expect(p.revoke).toMatchObject({ method: 'POST', url: metadata.revocation_endpoint });
    expect(p.client.issuer).toBe(issuer);
  });

  it('keeps an existing revocation endpoint’s parameters', async () => {
    const keycloak = createProfile('keycloak', { id: 'k' });
    const result = await applyDiscovery(keycloak, issuer, json(200, metadata));
    expect(result.ok && result.value.revoke?.params).toEqual(keycloak.revoke?.params);
  });

  it.each([
    [
      'another issuer',
      json(200, { ...metadata, issuer: 'https://evil.example' }),
      'misconfigured',
      'discovery_failed',
    ],
    ['a server error', json(503, 'down'), 'transient', 'discovery_failed'],
    ['not JSON', json(200, '<html>'), 'misconfigured', 'discovery_failed'],
    [
      'no token endpoint',
      json(200, { issuer, authorization_endpoint: metadata.authorization_endpoint }),
      'misconfigured',
      'discovery_incomplete',
    ],
  ])('refuses %s', async (_name, res, kind, code) => {
    const result = await applyDiscovery(createProfile('oidc', { id: 'o' }), issuer, res);
    expect(!result.ok && result.error).toMatchObject({ kind, code });
  });
});

describe('discovery redirects', () => {
  const local = 'http://127.0.0.1:8000/o';
  const doc = { ...metadata, issuer: local };
  const profile = createProfile('oidc', { id: 'o', base: local });

  it('asks to follow them', () => {
    expect(discoveryRequest(local)).toMatchObject({ ok: true, value: { followRedirects: true } });
  });

  it('believes a document moved on the same origin (a trailing slash) or from https to https', async () => {
    const slash = { ...json(200, doc), redirectedTo: `${local}/.well-known/openid-configuration/` };
    expect(await applyDiscovery(profile, local, slash)).toMatchObject({ ok: true });
    const https = { ...json(200, metadata), redirectedTo: 'https://cdn.example/openid.json' };
    expect(await applyDiscovery(createProfile('oidc', { id: 'o' }), issuer, https)).toMatchObject({
      ok: true,
    });
  });

  it('refuses one moved to another origin over http, and says where it went', async () => {
    const moved = { ...json(200, doc), redirectedTo: 'http://elsewhere.test/openid.json' };
    const result = await applyDiscovery(profile, local, moved);
    expect(!result.ok && result.error.message).toBe(
      'Discovery at http://127.0.0.1:8000/o/.well-known/openid-configuration failed: it was redirected to http://elsewhere.test/openid.json, another origin without https all the way; only same-origin or https-to-https redirects are followed.',
    );
  });

  it('says in words that there is no configuration at a 404', async () => {
    const result = await applyDiscovery(profile, local, json(404, 'Not Found'));
    expect(!result.ok && result.error.message).toBe(
      'No OpenID configuration at http://127.0.0.1:8000/o/.well-known/openid-configuration (404): check the issuer URL (the address before /.well-known).',
    );
  });

  it('names the URL, the status and the Location of a failure', async () => {
    const res = { status: 302, headers: { location: '/login' }, body: '' };
    const result = await applyDiscovery(profile, local, res);
    expect(!result.ok && result.error.message).toMatch(
      /^Discovery at http:\/\/127\.0\.0\.1:8000\/o\/\.well-known\/openid-configuration failed with HTTP 302 \(Location: \/login\): /,
    );
  });
});

describe('discovery and the scope', () => {
  const profile = createProfile('oidc', { id: 'o', base: issuer });
  const scopeAfter = async (doc: object) => {
    const result = await applyDiscovery(profile, issuer, json(200, { ...metadata, ...doc }));
    return result.ok ? result.value.client.scope : result.error.message;
  };

  it('asks for offline_access (a refresh token) where the server lists it, and only there', async () => {
    expect(profile.client.scope).toBe('openid');
    expect(await scopeAfter({ scopes_supported: ['openid', 'offline_access'] })).toBe(
      'openid offline_access',
    );
    expect(await scopeAfter({ scopes_supported: ['openid', 'read'] })).toBe('openid');
    expect(await scopeAfter({})).toBe('openid');
  });
});

describe('discovery and client authentication', () => {
  const withSecret: Profile = {
    ...createProfile('oidc', { id: 'o', base: issuer }),
    secrets: { clientSecret: 's' },
  };
  const authAfter = async (profile: Profile, methods?: string[]) => {
    const doc = { ...metadata, ...(methods && { token_endpoint_auth_methods_supported: methods }) };
    const result = await applyDiscovery(profile, issuer, json(200, doc));
    return result.ok ? result.value.client.auth : result.error.message;
  };

  it('picks how the server takes a secret: Basic first, else in the body', async () => {
    expect(await authAfter(withSecret, ['client_secret_post', 'client_secret_basic'])).toBe(
      'client_secret_basic',
    );
    expect(await authAfter(withSecret, ['client_secret_post'])).toBe('client_secret_post');
  });

  it('leaves a public client, an unlisted method and a chosen one alone', async () => {
    const publicClient = { ...withSecret, secrets: {} };
    expect(await authAfter(publicClient, ['client_secret_basic'])).toBeUndefined();
    expect(await authAfter(withSecret, ['private_key_jwt'])).toBeUndefined();
    expect(await authAfter(withSecret)).toBeUndefined();
    const chosen = {
      ...withSecret,
      client: { ...withSecret.client, auth: 'client_secret_post' as const },
    };
    expect(await authAfter(chosen, ['client_secret_basic'])).toBe('client_secret_post');
  });
});

describe('guessed endpoints', () => {
  it('are marked as a guess by the preset, and proven by a discovery', async () => {
    const profile = createProfile('oidc', { id: 'o', base: issuer });
    expect(profile.unverified).toBe(true);
    const result = await applyDiscovery(profile, issuer, json(200, metadata));
    expect(result.ok && result.value.unverified).toBeUndefined();
  });
});
