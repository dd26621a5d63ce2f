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

/**
 * The requester that stands for `token-keeper` in a terminal of this computer, in grants, denials
 * and the audit. No page can be it: `exactOrigin` answers only http(s) origins.
 */
export const TERMINAL = 'terminal';

/** The grants of web pages (not the terminal's): the origins whose pages get a header too. */
export const siteGrants = (grants: readonly Grant[]): Grant[] =>
  grants.filter((g) => g.origin !== TERMINAL);

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
