/** Tokens as they were read, before their times are worked out. Times are on the server's clock. */
export interface TokenFields {
  readonly accessToken: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly tokenType?: string;
  readonly scope?: string;
  /** Seconds, relative to when the request was sent. */
  readonly expiresIn?: number;
  /** Epoch ms on the server's clock. */
  readonly expiresAt?: number;
  readonly refreshExpiresIn?: number;
  readonly refreshExpiresAt?: number;
}

/**
 * The tokens a provider holds, with absolute local times (epoch ms). Countdowns and the "expired"
 * state are derived from these and a `now`, never stored.
 */
export interface TokenSet {
  readonly accessToken: string;
  /** Lower case, as oauth4webapi normalises it: `bearer`. */
  readonly tokenType: string;
  readonly refreshToken?: string;
  readonly idToken?: string;
  readonly scope?: string;
  /** When the request that produced these tokens was sent. */
  readonly obtainedAt: number;
  readonly expiresAt: number;
  readonly refreshExpiresAt?: number;
}

/**
 * The record after a refresh. A response without a refresh token keeps the old one and its
 * expiry (RFC 6749 §6: the server MAY issue a new refresh token); so does an ID token.
 */
export function mergeRefreshed(previous: TokenSet, next: TokenSet): TokenSet {
  const keepRefresh = next.refreshToken === undefined && previous.refreshToken !== undefined;
  return {
    ...next,
    ...(keepRefresh && { refreshToken: previous.refreshToken }),
    ...(keepRefresh &&
      previous.refreshExpiresAt !== undefined && { refreshExpiresAt: previous.refreshExpiresAt }),
    ...(next.idToken === undefined &&
      previous.idToken !== undefined && { idToken: previous.idToken }),
  };
}
