import { describe, expect, it } from 'vitest';
import { matchPatterns } from './match-patterns';

describe('matchPatterns', () => {
  const origins = ['http://127.0.0.1:7200', 'http://127.0.0.1:7201', 'https://app.example'];

  it('names each exact origin with its port where ports match (Chromium)', () => {
    expect(matchPatterns(origins, true)).toEqual([
      'http://127.0.0.1:7200/*',
      'http://127.0.0.1:7201/*',
      'https://app.example/*',
    ]);
  });

  it('names each scheme and host once, without ports (Firefox; host permissions)', () => {
    expect(matchPatterns(origins, false)).toEqual(['http://127.0.0.1/*', 'https://app.example/*']);
  });

  it('gives no pattern for no origin', () => {
    expect(matchPatterns([], false)).toEqual([]);
  });
});
