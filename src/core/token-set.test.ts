import { describe, expect, it } from 'vitest';
import { mergeRefreshed, type TokenSet } from './token-set';

const old: TokenSet = {
  accessToken: 'a1',
  tokenType: 'bearer',
  refreshToken: 'r1',
  idToken: 'i1',
  obtainedAt: 0,
  expiresAt: 10,
  refreshExpiresAt: 100,
};

describe('mergeRefreshed', () => {
  it('keeps the old refresh token and its expiry when none comes back', () => {
    const next: TokenSet = { accessToken: 'a2', tokenType: 'bearer', obtainedAt: 5, expiresAt: 15 };
    expect(mergeRefreshed(old, next)).toEqual({
      ...next,
      refreshToken: 'r1',
      refreshExpiresAt: 100,
      idToken: 'i1',
    });
  });

  it('takes a rotated refresh token whole', () => {
    const next: TokenSet = {
      accessToken: 'a2',
      tokenType: 'bearer',
      refreshToken: 'r2',
      obtainedAt: 5,
      expiresAt: 15,
    };
    expect(mergeRefreshed(old, next)).toEqual({ ...next, idToken: 'i1' });
  });
});
