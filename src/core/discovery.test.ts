import { describe, expect, it } from 'vitest';
import { json } from './__fixtures__/jwt';
import { applyDiscovery, discoveryRequest } from './discovery';
import { createProfile } from './presets';

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
