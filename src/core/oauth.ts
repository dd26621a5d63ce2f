import type * as oauth from 'oauth4webapi';
import type { Profile } from './profile/types';

/**
 * The oauth4webapi view of a profile: the authorization server is named by its issuer (or, when
 * the profile gives none, by the token endpoint's origin) and the client by its id.
 */
export function serverAndClient(profile: Profile): {
  as: oauth.AuthorizationServer;
  client: oauth.Client;
} {
  const tokenUrl = 'token' in profile.signIn ? profile.signIn.token.url : profile.refresh?.url;
  const fallbackIssuer = tokenUrl === undefined ? 'urn:token-keeper:unknown' : safeOrigin(tokenUrl);
  return {
    as: { issuer: profile.client.issuer ?? fallbackIssuer },
    client: { client_id: profile.client.clientId ?? 'token-keeper' },
  };
}

function safeOrigin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return 'urn:token-keeper:unknown';
  }
}
