import { decodeJwt, numericDateMs } from './jwt';
import type { ExpiryRules } from './profile/types';
import type { TokenFields, TokenSet } from './token-set';

export interface Timing {
  /** Local epoch ms when the request was sent (or the redirect was received). */
  readonly sentAt: number;
  /** The response's `Date` header, epoch ms on the server's clock, when it sent one. */
  readonly serverDate?: number;
}

/**
 * When a token expires according to its own JWT claims, in local time. A JWT that says when it was
 * issued (`iat`, else `nbf`) gives a lifetime, counted from `sentAt`, so a skewed clock on either
 * side does not matter (the token was minted for the request we sent); a bare `exp` is moved onto
 * the local clock by the skew the `Date` header shows.
 */
function jwtExpiry(token: string | undefined, timing: Timing, skew: number): number | undefined {
  const claims = token === undefined ? undefined : decodeJwt(token)?.claims;
  if (!claims) return undefined;
  const exp = numericDateMs(claims, 'exp');
  if (exp === undefined) return undefined;
  const issued = numericDateMs(claims, 'iat') ?? numericDateMs(claims, 'nbf');
  return issued === undefined ? exp - skew : timing.sentAt + (exp - issued);
}

function earliest(candidates: readonly (number | undefined)[]): number | undefined {
  const known = candidates.filter((t): t is number => t !== undefined);
  return known.length === 0 ? undefined : Math.min(...known);
}

/**
 * Works out absolute local expiry times (docs/architecture.md, "Expiry"). Every source the
 * response gives counts: `expires_in` from when the request was sent, an absolute field, the
 * JWT's own claims; the earliest wins. An access token with no known expiry gets the profile's default lifetime,
 * never "never expires"; a refresh token with none stays unknown unless the profile sets one.
 */
export function toTokenSet(fields: TokenFields, timing: Timing, rules: ExpiryRules): TokenSet {
  const skew = timing.serverDate === undefined ? 0 : timing.serverDate - timing.sentAt;
  const fromNow = (seconds: number | undefined) =>
    seconds === undefined ? undefined : timing.sentAt + seconds * 1000;
  const local = (serverTime: number | undefined) =>
    serverTime === undefined ? undefined : serverTime - skew;

  const expiresAt =
    earliest([
      fromNow(fields.expiresIn),
      local(fields.expiresAt),
      rules.useJwtExp ? jwtExpiry(fields.accessToken, timing, skew) : undefined,
    ]) ?? timing.sentAt + rules.defaultAccessSeconds * 1000;

  const refreshExpiresAt =
    fields.refreshToken === undefined
      ? undefined
      : (earliest([
          fromNow(fields.refreshExpiresIn),
          local(fields.refreshExpiresAt),
          rules.useJwtExp ? jwtExpiry(fields.refreshToken, timing, skew) : undefined,
        ]) ?? fromNow(rules.defaultRefreshSeconds));

  return {
    accessToken: fields.accessToken,
    tokenType: (fields.tokenType ?? 'bearer').toLowerCase(),
    obtainedAt: timing.sentAt,
    expiresAt,
    ...(fields.refreshToken !== undefined && { refreshToken: fields.refreshToken }),
    ...(refreshExpiresAt !== undefined && { refreshExpiresAt }),
    ...(fields.idToken !== undefined && { idToken: fields.idToken }),
    ...(fields.scope !== undefined && { scope: fields.scope }),
  };
}
