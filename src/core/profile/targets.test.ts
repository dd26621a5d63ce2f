import { describe, expect, it } from 'vitest';
import { createProfile } from './presets';
import manifest from '../../../manifest.json' with { type: 'json' };
import type { Profile } from './types';
import { INSTALL_HOSTS, describeChange, editMoves, hostOrigins, routeChanges } from './targets';

describe('hostOrigins', () => {
  it('lists the hosts a profile sends requests to, once each', () => {
    expect(hostOrigins(createProfile('keycloak', { id: 'k' }))).toEqual(['https://auth.apiax.io']);
  });

  it('includes the hosts it adds headers to', () => {
    const profile = {
      ...createProfile('keycloak', { id: 'k' }),
      inject: ['https://api.example/v1/'],
    };
    expect(hostOrigins(profile)).toEqual(['https://auth.apiax.io', 'https://api.example']);
  });

  it('includes the hosts of the pages that call them', () => {
    const profile = {
      ...createProfile('keycloak', { id: 'k', base: 'http://127.0.0.1:7104/realms/apiax' }),
      inject: ['https://api.example/v1/'],
      injectFrom: ['https://app.example:8443', 'http://localhost:5173'],
    };
    expect(hostOrigins(profile)).toEqual(['https://api.example', 'https://app.example:8443']);
  });

  it('knows the hosts the manifest grants', () => {
    expect(INSTALL_HOSTS).toEqual(manifest.host_permissions);
  });

  it('asks for loopback names and schemes the install did not grant', () => {
    const profile = {
      ...createProfile('keycloak', { id: 'k', base: 'https://localhost:8443/realms/apiax' }),
      inject: ['http://api.localhost:7200/', 'http://[::1]:7200/', 'http://127.0.0.2/'],
    };
    expect(hostOrigins(profile)).toEqual([
      'https://localhost:8443',
      'http://api.localhost:7200',
      'http://[::1]:7200',
      'http://127.0.0.2',
    ]);
  });

  it('leaves out plain http on 127.0.0.1 and localhost, granted at install', () => {
    expect(
      hostOrigins(
        createProfile('keycloak', { id: 'k', base: 'http://127.0.0.1:7104/realms/apiax' }),
      ),
    ).toEqual([]);
  });
});

describe('routeChanges', () => {
  const kc = (base: string) => createProfile('keycloak', { id: 'k', base });
  const stored = kc('https://auth.example/realms/a');
  const words = (a: Profile, b: Profile) => routeChanges(a, b).map(describeChange);

  it('finds nothing when only the name, lifetimes, error rules or timeout change', () => {
    const renamed: Profile = {
      ...stored,
      name: 'Renamed',
      expiry: { ...stored.expiry, leadSeconds: 5 },
      errors: [{ status: 400, kind: 'reauth' }],
      timeoutSeconds: 5,
    };
    expect(routeChanges(stored, renamed)).toEqual([]);
  });

  it('names every endpoint moved to another host, from where to where, in the form’s words', () => {
    const changes = routeChanges(stored, kc('https://evil.example/realms/a'));
    expect(changes.map(describeChange)).toEqual([
      'Token endpoint: POST https://auth.example/realms/a/protocol/openid-connect/token → POST https://evil.example/realms/a/protocol/openid-connect/token',
      'Refresh endpoint: POST https://auth.example/realms/a/protocol/openid-connect/token → POST https://evil.example/realms/a/protocol/openid-connect/token',
      'Revocation endpoint: POST https://auth.example/realms/a/protocol/openid-connect/revoke → POST https://evil.example/realms/a/protocol/openid-connect/revoke',
      'Issuer: https://auth.example/realms/a → https://evil.example/realms/a',
    ]);
    expect(changes.filter((c) => c.newOrigin)).toHaveLength(3);
  });

  it('sees a URL the profile already had moved into another role', () => {
    const api = 'https://api.example/v1/';
    const withApi = { ...stored, inject: [api] };
    const swapped: Profile = { ...withApi, refresh: { method: 'POST', url: api, params: [] } };
    const [change] = routeChanges(withApi, swapped);
    expect(change).toMatchObject({ label: 'Refresh endpoint', newOrigin: true });
    expect(editMoves(withApi, swapped)).toBe(true);
  });

  it('sees parameters, client settings and the response’s token fields', () => {
    const next: Profile = {
      ...stored,
      client: { ...stored.client, clientId: 'other', auth: 'client_secret_basic' },
      refresh: {
        method: 'POST',
        url: 'https://auth.example/realms/a/protocol/openid-connect/token',
        params: [{ name: 'x', in: 'form', from: 'clientSecret' }],
      },
      response: { format: 'oauth2', accessToken: 'id_token' },
    };
    expect(words(stored, next)).toEqual([
      'Refresh endpoint parameters: grant_type=refresh_token (form), refresh_token=‹refresh token› (form), client_id=‹client id› (form) → x=‹client secret› (form)',
      'Token response: access token field: access_token → id_token',
      'Client id: integration-api → other',
      'Client authentication: none → client_secret_basic',
      'Token response: refresh token field: refresh_token → none',
      'Token response: ID token field: id_token → none',
    ]);
  });

  it('tells a user’s harmless edit (a path on the same host, a new API prefix) from one that moves the sign-in', () => {
    const next = {
      ...kc('https://auth.example/realms/b'),
      inject: ['https://api.example/'],
      injectFrom: ['https://auth.example'],
    };
    expect(routeChanges(stored, next).some((c) => c.newOrigin)).toBe(false);
    expect(editMoves(stored, next)).toBe(false);
    expect(editMoves(stored, { ...stored, response: { format: 'jwt-body' } })).toBe(true);
  });

  it('lists the sign-in page, where UiTiD’s API key goes, and which redirect parameter is which token', () => {
    const uitid = createProfile('uitid', { id: 'u', base: 'https://a.example' });
    const moved = createProfile('uitid', { id: 'u', base: 'https://b.example' });
    expect(routeChanges(uitid, moved).map((c) => c.label)).toContain('Sign-in page');
    if (uitid.signIn.kind !== 'connect') throw new Error('connect preset');
    const swapped = { ...uitid, signIn: { ...uitid.signIn, accessParam: 'other' } };
    expect(editMoves(uitid, swapped)).toBe(true);
  });
});
