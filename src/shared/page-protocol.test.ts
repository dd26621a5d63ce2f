import { describe, expect, it } from 'vitest';
import { parsePageRequest } from './page-protocol';

describe('parsePageRequest', () => {
  it('reads a token request', () => {
    expect(parsePageRequest({ type: 'getToken', provider: 'kc', minValiditySeconds: 60 })).toEqual({
      ok: true,
      value: { type: 'getToken', provider: 'kc', minValiditySeconds: 60 },
    });
    expect(parsePageRequest({ type: 'getToken', provider: 'kc' })).toMatchObject({
      ok: true,
      value: { minValiditySeconds: 0 },
    });
    expect(parsePageRequest({ type: 'getToken', provider: 'kc', identity: 'admin' })).toEqual({
      ok: true,
      value: { type: 'getToken', provider: 'kc', identity: 'admin', minValiditySeconds: 0 },
    });
  });

  it.each([
    ['a message over 64 KB', { type: 'getToken', provider: 'kc', pad: 'x'.repeat(70_000) }],
    ['an unknown type', { type: 'getRefreshToken', provider: 'kc' }],
    ['no provider', { type: 'getToken' }],
    ['a provider id with odd characters', { type: 'getToken', provider: '../kc' }],
    ['a negative validity', { type: 'getToken', provider: 'kc', minValiditySeconds: -1 }],
    ['an identity that is not text', { type: 'getToken', provider: 'kc', identity: 2 }],
    ['a blank identity', { type: 'getToken', provider: 'kc', identity: ' ' }],
    ['an identity of two lines', { type: 'getToken', provider: 'kc', identity: 'a\nb' }],
    [
      'an identity over 80 characters',
      { type: 'getToken', provider: 'kc', identity: 'a'.repeat(81) },
    ],
    ['not an object', 'getToken'],
    ['null', null],
  ])('refuses %s', (_name, message) => {
    expect(parsePageRequest(message)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it('refuses what cannot be serialised', () => {
    const loop: Record<string, unknown> = {};
    loop['self'] = loop;
    expect(parsePageRequest(loop)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });
});
