import { describe, expect, it } from 'vitest';
import type { ProviderView } from '../shared/protocol';
import { displayState } from './display-state';

const view = (over: Partial<ProviderView>): ProviderView => ({
  id: 'p',
  name: 'P',
  preset: 'keycloak',
  signIn: 'password',
  status: 'fresh',
  obtainedAt: 0,
  expiresAt: 1_000_000,
  ...over,
});

describe('displayState', () => {
  it('is expiring in the last minute of a long lifetime, the last quarter of a short one', () => {
    expect(displayState(view({}), 850_000)).toBe('fresh');
    expect(displayState(view({}), 950_000)).toBe('expiring');
    const short = view({ expiresAt: 40_000 });
    expect(displayState(short, 25_000)).toBe('fresh');
    expect(displayState(short, 31_000)).toBe('expiring');
  });

  it('keeps the worker’s other states as they are', () => {
    for (const status of ['signed-out', 'refreshing', 'needs-sign-in', 'error'] as const) {
      expect(displayState(view({ status }), 0)).toBe(status);
    }
  });
});
