import { describe, expect, it } from 'vitest';
import { decide, exactOrigin } from './consent';

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
