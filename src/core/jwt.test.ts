import { describe, expect, it } from 'vitest';
import { CAMEL_REFRESH_RESPONSE, KOPPELTAAL_REFRESH_RESPONSE } from './__fixtures__/seeds';
import { decodeJwt, looksLikeJwt, numericDateMs } from './jwt';

describe('decodeJwt', () => {
  it('reads the seeds’ JWTs', () => {
    const koppeltaal = decodeJwt(KOPPELTAAL_REFRESH_RESPONSE.access_token);
    expect(koppeltaal?.header).toMatchObject({ alg: 'RS512', typ: 'JWT' });
    expect(koppeltaal?.claims).toMatchObject({
      aud: 'fhir-server',
      nbf: 1_631_193_490,
      exp: 1_631_197_090,
    });
    const camel = decodeJwt(CAMEL_REFRESH_RESPONSE.refresh_token);
    expect(camel?.claims).toMatchObject({ aud: 'refresh', iat: 1_586_255_783, exp: 1_587_465_383 });
  });

  it.each([
    '',
    'abc',
    'a.b',
    'a.b.c.d',
    '!!.e30.x',
    'e30.bm90LWpzb24.x',
    'e30.WzFd.x',
    'e30.bnVsbA.x',
    'e30.gA.x',
  ])('refuses %j', (token) => {
    expect(decodeJwt(token)).toBeUndefined();
  });

  it('tells a JWT shape from other tokens', () => {
    expect(looksLikeJwt('89d970e4-5048-4310-b6f8-c5bc83f92e11')).toBe(false);
    expect(looksLikeJwt(KOPPELTAAL_REFRESH_RESPONSE.access_token)).toBe(true);
  });

  it('reads NumericDate claims only when they are numbers', () => {
    expect(numericDateMs({ exp: 10 }, 'exp')).toBe(10_000);
    expect(numericDateMs({ exp: '10' }, 'exp')).toBeUndefined();
    expect(numericDateMs({}, 'iat')).toBeUndefined();
  });
});
