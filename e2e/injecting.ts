import type { Profile } from '../src/core/profile/types';
import type { Extension } from './extension';
import type { ServerName, Servers } from './servers/all';

/**
 * Keycloak connected with its token added to the first web app's `/api/`; the requests that
 * reached one of the web app's paths (`/api/me` unless told), and the `Authorization` the last
 * one carried.
 */
export async function injecting(
  extension: Extension,
  servers: Servers,
  profiles: Record<ServerName, Profile>,
) {
  const [webapp] = servers.webapps;
  await extension.connected({ ...profiles.keycloak, inject: [`${webapp.url}/api/`] });
  const calls = (path = '/api/me') => webapp.requests.filter((r) => r.path === path);
  const seen = (path = '/api/me') => calls(path).at(-1)?.headers['authorization'];
  return { webapp, calls, seen };
}
