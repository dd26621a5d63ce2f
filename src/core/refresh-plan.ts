import type { TokenSet } from './token-set';

/** What the worker should do about one provider's tokens. */
export type RefreshPlan =
  | { readonly kind: 'refresh-now' }
  | { readonly kind: 'wait'; readonly at: number }
  | { readonly kind: 'sign-in'; readonly reason: 'no-refresh-token' | 'refresh-expired' };

export interface PlanSettings {
  /** Refresh this long before expiry; capped at a quarter of the token's lifetime. */
  readonly leadMs: number;
  /** Alarms earlier than `now + floorMs` are not kept by the browser (30 s when packed). */
  readonly floorMs: number;
  readonly backoffBaseMs: number;
  readonly backoffCapMs: number;
  /**
   * The provider signs in again without a window: with no refresh token, or one that ran out,
   * a new sign-in is due when a refresh would be.
   */
  readonly silent?: boolean;
}

export const DEFAULT_PLAN: Omit<PlanSettings, 'leadMs'> = {
  floorMs: 30_000,
  backoffBaseMs: 30_000,
  backoffCapMs: 15 * 60_000,
};

/** The last attempts' failures, when the last refresh did not succeed. */
export interface Failures {
  readonly count: number;
  /** When the last attempt failed. */
  readonly lastAt: number;
  /** When the next attempt is due: drawn once, when the failure was recorded, so it holds still. */
  readonly retryAt: number;
}

/**
 * Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries from
 * many providers spread out but never come sooner than half the step. `random` is in [0, 1).
 */
export function backoffDelay(count: number, random: number, settings: PlanSettings): number {
  const step = Math.min(
    settings.backoffCapMs,
    settings.backoffBaseMs * 2 ** Math.max(0, count - 1),
  );
  return step / 2 + (random * step) / 2;
}

/**
 * The failures after one more failed attempt at `now`: the next attempt comes after the backoff,
 * or after the server's `Retry-After` when that is longer (RFC 9110 §10.2.3).
 */
export function nextFailures(
  previous: Failures | undefined,
  input: { readonly now: number; readonly random: number; readonly retryAfterMs?: number },
  settings: PlanSettings,
): Failures {
  const count = (previous?.count ?? 0) + 1;
  const delay = Math.max(backoffDelay(count, input.random, settings), input.retryAfterMs ?? 0);
  return { count, lastAt: input.now, retryAt: input.now + delay };
}

/**
 * How long before expiry a token of this lifetime is refreshed: the lead asked for, at most a
 * quarter of the lifetime (a 60 s token with a 60 s lead would be refreshed as soon as it came).
 */
export const effectiveLeadMs = (leadMs: number, lifetimeMs: number): number =>
  Math.min(leadMs, lifetimeMs / 4);

/**
 * Decides when to refresh (docs/architecture.md, "Refresh"): inside the lead time, now;
 * otherwise an alarm at `expiresAt - lead`, never sooner than the alarm floor. After failures, not
 * before the retry time they set, and at it once the token is due: a backoff only ever delays a
 * refresh. Without a usable refresh token, sign in.
 */
export function planRefresh(
  tokens: TokenSet,
  input: { readonly now: number; readonly failures?: Failures },
  settings: PlanSettings,
): RefreshPlan {
  const { now, failures } = input;
  if (tokens.refreshToken === undefined && !settings.silent)
    return { kind: 'sign-in', reason: 'no-refresh-token' };
  if (tokens.refreshExpiresAt !== undefined && tokens.refreshExpiresAt <= now && !settings.silent) {
    return { kind: 'sign-in', reason: 'refresh-expired' };
  }
  const lifetime = Math.max(0, tokens.expiresAt - tokens.obtainedAt);
  const due = Math.max(
    tokens.expiresAt - effectiveLeadMs(settings.leadMs, lifetime),
    failures?.retryAt ?? Number.NEGATIVE_INFINITY,
  );
  if (due <= now) return { kind: 'refresh-now' };
  return { kind: 'wait', at: Math.max(due, now + settings.floorMs) };
}

/**
 * When to warn that the refresh token runs out and the user will have to sign in: `warnSeconds`
 * before (the profile's `expiry.warnSeconds`), or else a tenth of its lifetime before, at most a
 * day before. `undefined` when its expiry is unknown.
 */
export function expiryWarningAt(tokens: TokenSet, warnSeconds?: number): number | undefined {
  const end = tokens.refreshExpiresAt;
  if (end === undefined || tokens.refreshToken === undefined) return undefined;
  const before =
    warnSeconds === undefined
      ? Math.min(86_400_000, (end - tokens.obtainedAt) / 10)
      : warnSeconds * 1000;
  return Math.max(tokens.obtainedAt, end - before);
}
