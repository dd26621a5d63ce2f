import { isLoopbackHost } from '../core/endpoint-url';
import type { Profile } from '../core/profile';

/**
 * The origins a profile sends requests to, or adds headers to, loopback left out (granted at
 * install).
 */
export function hostOrigins(profile: Profile): string[] {
  const { signIn, refresh, revoke, inject = [] } = profile;
  const urls = [
    refresh?.url,
    revoke?.url,
    'token' in signIn ? signIn.token.url : undefined,
    ...inject,
  ];
  const origins = new Set<string>();
  for (const url of urls) {
    if (url === undefined) continue;
    const parsed = new URL(url);
    if (!isLoopbackHost(parsed.hostname)) origins.add(parsed.origin);
  }
  return [...origins];
}
