import type { ProviderView } from '../shared/protocol';

export type DisplayState = ProviderView['status'] | 'expiring';

/**
 * "Expiring": fresh, but the time the worker planned to refresh it has come (the profile's lead
 * time before expiry, or the alarm floor): its alarm is about to fire or firing.
 */
export function displayState(provider: ProviderView, now: number): DisplayState {
  const { status, refreshAt } = provider;
  return status === 'fresh' && refreshAt !== undefined && now >= refreshAt ? 'expiring' : status;
}

export const STATE_WORDS: Record<DisplayState, string> = {
  'signed-out': 'not connected',
  fresh: 'fresh',
  expiring: 'expiring',
  refreshing: 'refreshing',
  'needs-sign-in': 'needs sign-in',
  error: 'error',
};
