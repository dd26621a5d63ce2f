/**
 * Match patterns (`scheme://host/*`) for origins, for host permissions and content scripts.
 * Chromium matches a pattern's port exactly and one without a port on every port; Firefox's
 * patterns cannot name a port at all (one that does is taken and never matches). So `withPorts`
 * only where the browser honours it; without, each host is named once and covers all its ports.
 */
export function matchPatterns(origins: readonly string[], withPorts: boolean): string[] {
  const patterns = origins.map((origin) => {
    const url = new URL(origin);
    return `${url.protocol}//${withPorts ? url.host : url.hostname}/*`;
  });
  return [...new Set(patterns)];
}
