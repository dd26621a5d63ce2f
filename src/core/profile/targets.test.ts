import { describe, expect, it } from 'vitest';
import { createProfile } from './presets';
import manifest from '../../../manifest.json' with { type: 'json' };
import { INSTALL_HOSTS, describeChange, hostOrigins, targetChanges } from './targets';

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

describe('targetChanges', () => {
  const kc = (base: string) => createProfile('keycloak', { id: 'k', base });
  const stored = kc('https://auth.example/realms/a');

  it('finds nothing when only the name, scope or lifetimes change', () => {
    const renamed = { ...stored, name: 'Renamed', client: { ...stored.client, scope: 'x' } };
    expect(targetChanges(stored, renamed)).toEqual([]);
  });

  it('names every endpoint moved to another host, from where to where', () => {
    const changes = targetChanges(stored, kc('https://evil.example/realms/a'));
    expect(changes.map(describeChange)).toEqual([
      'signIn.token.url: https://auth.example/realms/a/protocol/openid-connect/token → https://evil.example/realms/a/protocol/openid-connect/token',
      'refresh.url: https://auth.example/realms/a/protocol/openid-connect/token → https://evil.example/realms/a/protocol/openid-connect/token',
      'revoke.url: https://auth.example/realms/a/protocol/openid-connect/revoke → https://evil.example/realms/a/protocol/openid-connect/revoke',
    ]);
    expect(changes.every((c) => c.newOrigin)).toBe(true);
  });

  it('tells a new path on a known host from a new host, and counts added prefixes and pages', () => {
    const next = {
      ...kc('https://auth.example/realms/b'),
      inject: ['https://api.example/'],
      injectFrom: ['https://auth.example'],
    };
    const changes = targetChanges(stored, next);
    expect(changes.filter((c) => c.newOrigin).map((c) => c.path)).toEqual(['inject[0]']);
    expect(changes.map((c) => c.path)).toEqual([
      'signIn.token.url',
      'refresh.url',
      'revoke.url',
      'inject[0]',
      'injectFrom[0]',
    ]);
    expect(describeChange(changes[3] ?? { path: '', to: '', newOrigin: false })).toBe(
      'inject[0]: new https://api.example/',
    );
  });

  it('lists the sign-in page, where UiTiD’s API key goes', () => {
    const uitid = createProfile('uitid', { id: 'u', base: 'https://a.example' });
    const moved = createProfile('uitid', { id: 'u', base: 'https://b.example' });
    expect(targetChanges(uitid, moved).map((c) => c.path)).toContain('signIn.url');
  });
});
