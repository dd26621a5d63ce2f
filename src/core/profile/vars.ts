import type { Vars } from '../http';
import type { Profile } from './types';

/** The values every request of a profile may use; per-request ones are added by the caller. */
export function profileVars(profile: Profile, redirectUri: string): Vars {
  const { clientId, scope } = profile.client;
  const { clientSecret, apiKey } = profile.secrets;
  return {
    redirectUri,
    ...(clientId !== undefined && { clientId }),
    ...(scope !== undefined && { scope }),
    ...(clientSecret !== undefined && { clientSecret }),
    ...(apiKey !== undefined && { apiKey }),
  };
}
