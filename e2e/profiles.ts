import { createProfile } from '../src/core/profile/presets';
import type { Profile } from '../src/core/profile/types';
import { CREDENTIALS, type ServerName, type Servers } from './servers/all';
import { KEYCLOAK_REALM } from './servers/keycloak';
import { OIDC_CLIENT_ID } from './servers/oidc';

/**
 * The profile for each test server: the presets, pointed at 127.0.0.1 and filled in. The OpenID
 * Connect one is left as a user adds it (issuer and client id, endpoints a guess): saving it
 * through the driver has the worker discover its endpoints, as the options page does.
 */
export function profilesFor(servers: Servers): Record<ServerName, Profile> {
  const make = (preset: Profile['preset'], base: string) =>
    createProfile(preset, { id: preset, base });
  const koppeltaal = make('koppeltaal', servers.koppeltaal.url);
  const oidc = make('oidc', servers.oidc.url);
  return {
    koppeltaal: {
      ...koppeltaal,
      client: {
        ...koppeltaal.client,
        clientId: CREDENTIALS.koppeltaalClientId,
        scope: 'fhir/*.read',
      },
      secrets: { privateKeyJwk: servers.koppeltaalPrivateJwk },
    },
    uitid: { ...make('uitid', servers.uitid.url), secrets: { apiKey: CREDENTIALS.uitidApiKey } },
    fosoauth: {
      ...make('fosoauth', servers.fosoauth.url),
      client: { clientId: CREDENTIALS.fos.clientId },
      secrets: { clientSecret: CREDENTIALS.fos.clientSecret },
    },
    camelcase: make('camelcase', servers.camelcase.url),
    keycloak: make('keycloak', `${servers.keycloak.url}${KEYCLOAK_REALM}`),
    oidc: { ...oidc, client: { ...oidc.client, clientId: OIDC_CLIENT_ID, scope: 'openid' } },
  };
}
