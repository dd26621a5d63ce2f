import { describe, expect, it } from 'vitest';
import { createProfile } from './presets';
import type { Secrets } from './types';
import { secretValues } from './vars';

describe('secretValues', () => {
  it('lists every secret a profile holds, the private key’s own members included', () => {
    const secrets: Required<Secrets> = {
      clientSecret: 'client-secret',
      apiKey: 'api-key',
      privateKeyJwk: {
        kty: 'RSA',
        alg: 'RS512',
        n: 'public-n',
        e: 'AQAB',
        d: 'private-d',
        p: 'P',
        q: 'Q',
        dp: 'DP',
        dq: 'DQ',
        qi: 'QI',
      },
    };
    const profile = { ...createProfile('custom', { id: 'c' }), secrets };
    expect(secretValues(profile)).toEqual([
      'client-secret',
      'api-key',
      'private-d',
      'P',
      'Q',
      'DP',
      'DQ',
      'QI',
    ]);
  });

  it('lists nothing for a profile without secrets', () => {
    expect(secretValues(createProfile('keycloak', { id: 'k' }))).toEqual([]);
  });
});
