import { fail, ok, type Result } from './failure';
import { PROVIDER_ID } from './profile';

/** A page may ask for an access token for this provider: granted to one exact origin. */
export interface Grant {
  readonly origin: string;
  readonly provider: string;
  readonly grantedAt: number;
}

/** A "no" that keeps the page from prompting again until `until`. */
export interface Denial {
  readonly origin: string;
  readonly provider: string;
  readonly until: number;
}

export const DENIAL_COOLDOWN_MS = 10 * 60_000;
export const MAX_PAGE_MESSAGE_CHARS = 64 * 1024;

/**
 * The origin a grant is for, exactly as the browser serialises it (scheme, host, port), or
 * `undefined` for anything that is not an http(s) origin: opaque origins (`"null"`: sandboxed
 * frames, `data:`) can never be granted.
 */
export function exactOrigin(origin: unknown): string | undefined {
  if (typeof origin !== 'string' || origin === 'null') return undefined;
  try {
    const url = new URL(origin);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    return url.origin === origin ? origin : undefined;
  } catch {
    return undefined;
  }
}

/** Allowed, refused for now, or the user has to be asked. Origins are compared exactly. */
export function decide(
  state: { readonly grants: readonly Grant[]; readonly denials: readonly Denial[] },
  origin: string,
  provider: string,
  now: number,
): 'allow' | 'denied' | 'ask' {
  if (state.grants.some((g) => g.origin === origin && g.provider === provider)) return 'allow';
  if (state.denials.some((d) => d.origin === origin && d.provider === provider && d.until > now))
    return 'denied';
  return 'ask';
}

/** What a web page may ask. Anything else it sends is refused. */
export interface PageRequest {
  readonly type: 'getToken';
  readonly provider: string;
  readonly minValiditySeconds: number;
}

/** Narrows a page's message; the page is untrusted, so this is strict and small. */
export function parsePageRequest(message: unknown): Result<PageRequest> {
  const bad = (why: string) => fail('misconfigured', 'bad_request', why);
  let size: number;
  try {
    size = JSON.stringify(message).length;
  } catch {
    return bad('The request is not plain data.');
  }
  if (size > MAX_PAGE_MESSAGE_CHARS) return bad('The request is larger than 64 KB.');
  if (typeof message !== 'object' || message === null) return bad('The request must be an object.');
  const m = message as Record<string, unknown>;
  if (m['type'] !== 'getToken') return bad('Unknown request type.');
  const provider = m['provider'];
  if (typeof provider !== 'string' || !PROVIDER_ID.test(provider))
    return bad('A provider id is needed.');
  const min = m['minValiditySeconds'] ?? 0;
  if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 86_400) {
    return bad('minValiditySeconds must be 0 to 86400.');
  }
  return ok({ type: 'getToken', provider, minValiditySeconds: min });
}
