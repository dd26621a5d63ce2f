/** Hosts whose plain `http:` stays on this machine (RFC 6761 §6.3, RFC 8252 §8.3). */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

/**
 * Why an endpoint URL cannot be used, or `undefined` when it can: it must be absolute, `https:`,
 * or `http:` on loopback only (tokens must not cross a network in the clear), with no credentials
 * or fragment.
 */
export function endpointUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'is not an absolute URL';
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return 'must use https: (plain http: is allowed for localhost and 127.0.0.1 only)';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http(s) URL';
  if (url.username !== '' || url.password !== '') return 'must not hold a user name or password';
  if (url.hash !== '') return 'must not have a #fragment';
  return undefined;
}
