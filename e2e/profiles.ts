import { applyDiscovery, discoveryRequest } from '../src/core/discovery';
import { createProfile } from '../src/core/presets';
import type { Profile } from '../src/core/profile';
import { CREDENTIALS, type ServerName, type Servers } from './servers/all';
import { KEYCLOAK_REALM } from './servers/keycloak';
import { OIDC_CLIENT_ID } from './servers/oidc';

/** The profile for each test server: the presets, pointed at 127.0.0.1 and filled in. */
export async function profilesFor(servers: Servers): Promise<Record<ServerName, Profile>> {
  const make = (preset: Profile['preset'], base: string) =>
    createProfile(preset, { id: preset, base });
  const koppeltaal = make('koppeltaal', servers.koppeltaal.url);
  const oidcIssuer = servers.oidc.url;
  const discovery = discoveryRequest(oidcIssuer);
  if (!discovery.ok) throw new Error(discovery.error.message);
  const res = await fetch(discovery.value.url);
  const oidc = await applyDiscovery(
    { ...make('oidc', oidcIssuer), client: { clientId: OIDC_CLIENT_ID, scope: 'openid' } },
    oidcIssuer,
    { status: res.status, headers: Object.fromEntries(res.headers), body: await res.text() },
  );
  if (!oidc.ok) throw new Error(oidc.error.message);
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
    oidc: oidc.value,
  };
}
