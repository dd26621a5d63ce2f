import { describe, expect, it } from 'vitest';
import { createProfile } from '../core/presets';
import { hostOrigins } from './host-origins';

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

  it('leaves out loopback, which is granted at install', () => {
    expect(
      hostOrigins(
        createProfile('keycloak', { id: 'k', base: 'http://127.0.0.1:7104/realms/apiax' }),
      ),
    ).toEqual([]);
  });
});
