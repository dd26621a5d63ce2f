import { describe, expect, it } from 'vitest';
import { decide, exactOrigin, parsePageRequest } from './consent';

describe('exactOrigin', () => {
  it.each(['http://127.0.0.1:7200', 'https://app.example', 'http://localhost:3000'])(
    'keeps %s',
    (origin) => {
      expect(exactOrigin(origin)).toBe(origin);
    },
  );

  it.each([
    'null',
    '',
    'data:text/html,x',
    'file:///x',
    'chrome-extension://abc',
    'http://app.example/',
    'http://APP.example',
    42,
    undefined,
  ])('refuses %j', (origin) => {
    expect(exactOrigin(origin)).toBeUndefined();
  });
});

describe('decide', () => {
  const grants = [{ origin: 'https://app.example', provider: 'kc', grantedAt: 0 }];
  const denials = [{ origin: 'https://evil.example', provider: 'kc', until: 100 }];
  it('allows only the exact origin and provider granted', () => {
    expect(decide({ grants, denials }, 'https://app.example', 'kc', 0)).toBe('allow');
    for (const origin of [
      'http://app.example',
      'https://app.example:8443',
      'https://app.example.evil.example',
      'https://sub.app.example',
    ]) {
      expect(decide({ grants, denials }, origin, 'kc', 0)).toBe('ask');
    }
    expect(decide({ grants, denials }, 'https://app.example', 'other', 0)).toBe('ask');
  });

  it('does not ask a denied origin again until the cooldown ends', () => {
    expect(decide({ grants, denials }, 'https://evil.example', 'kc', 99)).toBe('denied');
    expect(decide({ grants, denials }, 'https://evil.example', 'kc', 100)).toBe('ask');
  });
});

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
  });

  it.each([
    ['a message over 64 KB', { type: 'getToken', provider: 'kc', pad: 'x'.repeat(70_000) }],
    ['an unknown type', { type: 'getRefreshToken', provider: 'kc' }],
    ['no provider', { type: 'getToken' }],
    ['a provider id with odd characters', { type: 'getToken', provider: '../kc' }],
    ['a negative validity', { type: 'getToken', provider: 'kc', minValiditySeconds: -1 }],
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
