import type { Profile } from '../core/profile';

/** The hosts the manifest grants at install (its `host_permissions`): plain http on loopback. */
export const INSTALL_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Whether the install already gave access to this origin's host (every port). */
export const grantedAtInstall = (origin: string): boolean => {
  const { protocol, hostname } = new URL(origin);
  return INSTALL_HOSTS.includes(`${protocol}//${hostname}/*`);
};

/**
 * The origins a profile sends requests to, adds headers to, or adds them for (pages calling its
 * APIs), leaving out those granted at install. Other loopback names (`app.localhost`, `[::1]`,
 * https on localhost) are asked for like any host.
 */
export function hostOrigins(profile: Profile): string[] {
  const { signIn, refresh, revoke, inject = [], injectFrom = [] } = profile;
  const urls = [
    refresh?.url,
    revoke?.url,
    'token' in signIn ? signIn.token.url : undefined,
    ...inject,
    ...injectFrom,
  ];
  const origins = new Set<string>();
  for (const url of urls) {
    if (url === undefined) continue;
    const parsed = new URL(url);
    if (!grantedAtInstall(parsed.origin)) origins.add(parsed.origin);
  }
  return [...origins];
}
