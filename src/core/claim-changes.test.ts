import { describe, expect, it } from 'vitest';
import { makeJwt } from './__fixtures__/jwt';
import { changedClaims } from './claim-changes';

describe('changedClaims', () => {
  it('names added, removed and changed claims, not the ones that change every time', () => {
    const a = makeJwt({ sub: 'u', scope: 'read', exp: 1, iat: 0, jti: 'x', role: 'a' });
    const b = makeJwt({ sub: 'u', scope: 'read write', exp: 2, iat: 1, jti: 'y', tenant: 't' });
    expect(changedClaims(a, b)).toEqual(['role', 'scope', 'tenant']);
  });

  it('says nothing for opaque tokens or the first token', () => {
    expect(changedClaims('opaque', makeJwt({ sub: 'u' }))).toEqual([]);
    expect(changedClaims(undefined, makeJwt({ sub: 'u' }))).toEqual([]);
  });
});
