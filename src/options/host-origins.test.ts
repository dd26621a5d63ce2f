import { describe, expect, it } from 'vitest';
import { createProfile } from '../core/presets';
import manifest from '../../manifest.json' with { type: 'json' };
import { INSTALL_HOSTS, hostOrigins } from './host-origins';

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
