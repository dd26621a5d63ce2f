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
  it('is expiring once the worker’s planned refresh time has come', () => {
    const planned = view({ refreshAt: 700_000 });
    expect(displayState(planned, 699_999)).toBe('fresh');
    expect(displayState(planned, 700_000)).toBe('expiring');
    expect(displayState(view({}), 999_000)).toBe('fresh');
  });

  it('keeps the worker’s other states as they are', () => {
    for (const status of ['signed-out', 'refreshing', 'needs-sign-in', 'error'] as const) {
      expect(displayState(view({ status }), 0)).toBe(status);
    }
  });
});
