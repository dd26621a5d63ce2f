import type { ProviderView } from '../shared/protocol';

export type DisplayState = ProviderView['status'] | 'expiring';

/**
 * "Expiring": fresh, but inside the window in which the worker should already be refreshing it
 * (the last minute, or the last quarter of a short lifetime).
 */
export function displayState(provider: ProviderView, now: number): DisplayState {
  const { status, expiresAt, obtainedAt } = provider;
  if (status !== 'fresh' || expiresAt === undefined || obtainedAt === undefined) return status;
  const left = expiresAt - now;
  return left < Math.min(60_000, (expiresAt - obtainedAt) / 4) ? 'expiring' : 'fresh';
}

export const STATE_WORDS: Record<DisplayState, string> = {
  'signed-out': 'not connected',
  fresh: 'fresh',
  expiring: 'expiring',
  refreshing: 'refreshing',
  'needs-sign-in': 'needs sign-in',
  error: 'error',
};
