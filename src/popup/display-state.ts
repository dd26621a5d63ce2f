import type { ProviderView } from '../shared/protocol';

export type DisplayState = ProviderView['status'] | 'expiring';

/** "Expiring": fresh, but inside the last fifth of its lifetime (or its last minute). */
export function displayState(provider: ProviderView, now: number): DisplayState {
  const { status, expiresAt, obtainedAt } = provider;
  if (status !== 'fresh' || expiresAt === undefined || obtainedAt === undefined) return status;
  const left = expiresAt - now;
  return left < Math.max(60_000, (expiresAt - obtainedAt) / 5) ? 'expiring' : 'fresh';
}

export const STATE_WORDS: Record<DisplayState, string> = {
  'signed-out': 'not connected',
  fresh: 'fresh',
  expiring: 'expiring',
  refreshing: 'refreshing',
  'needs-sign-in': 'needs sign-in',
  error: 'error',
};
