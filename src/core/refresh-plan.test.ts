import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAN,
  backoffDelay,
  expiryWarningAt,
  nextFailures,
  planRefresh,
  type Failures,
  type PlanSettings,
} from './refresh-plan';
import type { TokenSet } from './token-set';

const settings: PlanSettings = { ...DEFAULT_PLAN, leadMs: 60_000 };
const hour = 3_600_000;
const tokens = (over: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: 'a',
  tokenType: 'bearer',
  refreshToken: 'r',
  obtainedAt: 0,
  expiresAt: hour,
  ...over,
});

describe('planRefresh', () => {
  it('waits until the lead time before expiry', () => {
    expect(planRefresh(tokens(), { now: 0 }, settings)).toEqual({
      kind: 'wait',
      at: hour - 60_000,
    });
  });

  it('refreshes now inside the lead time, and after expiry (a late alarm)', () => {
    expect(planRefresh(tokens(), { now: hour - 30_000 }, settings)).toEqual({
      kind: 'refresh-now',
    });
    expect(planRefresh(tokens(), { now: hour * 5 }, settings)).toEqual({
      kind: 'refresh-now',
    });
  });

  it('caps the lead at a quarter of a short lifetime', () => {
    const short = tokens({ expiresAt: 100_000 });
    expect(planRefresh(short, { now: 0 }, settings)).toEqual({
      kind: 'wait',
      at: 75_000,
    });
  });

  it('never sets an alarm sooner than the floor', () => {
    const short = tokens({ expiresAt: 20_000 });
    expect(planRefresh(short, { now: 0 }, settings)).toEqual({
      kind: 'wait',
      at: 30_000,
    });
  });

  it('asks to sign in without a refresh token, or once it has expired', () => {
    const { refreshToken: _, ...none } = tokens();
    expect(planRefresh(none, { now: 0 }, settings)).toEqual({
      kind: 'sign-in',
      reason: 'no-refresh-token',
    });
    expect(planRefresh(tokens({ refreshExpiresAt: 10 }), { now: 10 }, settings)).toEqual({
      kind: 'sign-in',
      reason: 'refresh-expired',
    });
  });

  it('plans a sign-in without a window when a refresh would be due, where the provider allows one', () => {
    const silent = { ...settings, silent: true };
    const { refreshToken: _, ...none } = tokens();
    expect(planRefresh(none, { now: 0 }, silent)).toEqual(
      planRefresh(tokens(), { now: 0 }, settings),
    );
    expect(planRefresh(tokens({ refreshExpiresAt: 10 }), { now: 10 }, silent).kind).toBe('wait');
  });

  it('does not refresh before the retry time a failure set, and does at it once due', () => {
    const failures = { count: 1, lastAt: hour - 60_000, retryAt: hour - 20_000 };
    expect(planRefresh(tokens(), { now: hour - 50_000, failures }, settings)).toEqual({
      kind: 'wait',
      at: hour - 20_000,
    });
    expect(planRefresh(tokens(), { now: hour - 20_000, failures }, settings)).toEqual({
      kind: 'refresh-now',
    });
    // Long after expiry (a late alarm, a long outage) it still tries: backoff never gives up.
    expect(planRefresh(tokens(), { now: hour * 3, failures }, settings)).toEqual({
      kind: 'refresh-now',
    });
  });

  it('never refreshes sooner for a failure: a failed early refresh waits for the lead time', () => {
    const failures = { count: 1, lastAt: 0, retryAt: 30_000 };
    expect(planRefresh(tokens(), { now: 40_000, failures }, settings)).toEqual({
      kind: 'wait',
      at: hour - 60_000,
    });
  });
});

describe('nextFailures', () => {
  it('backs off exponentially with jitter, up to the cap', () => {
    let failures: Failures | undefined;
    const retryIn = (random: number) => {
      failures = nextFailures(failures, { now: 1000, random }, settings);
      return failures.retryAt - 1000;
    };
    expect(retryIn(0)).toBe(15_000);
    expect(retryIn(0)).toBe(30_000);
    expect(retryIn(0.999_999)).toBeLessThan(120_000);
    expect(failures?.count).toBe(3);
    for (let i = 0; i < 30; i += 1) retryIn(0);
    expect(retryIn(0)).toBe(DEFAULT_PLAN.backoffCapMs / 2);
    expect(failures?.lastAt).toBe(1000);
  });

  it('waits at least as long as the server’s Retry-After', () => {
    expect(nextFailures(undefined, { now: 0, random: 0, retryAfterMs: 600_000 }, settings)).toEqual(
      { count: 1, lastAt: 0, retryAt: 600_000 },
    );
  });
});

describe('backoffDelay', () => {
  it('stays within [step/2, step) and grows', () => {
    for (let count = 1; count < 12; count += 1) {
      const step = Math.min(settings.backoffCapMs, settings.backoffBaseMs * 2 ** (count - 1));
      expect(backoffDelay(count, 0, settings)).toBe(step / 2);
      expect(backoffDelay(count, 0.999, settings)).toBeLessThan(step);
    }
  });
});

describe('expiryWarningAt', () => {
  it('warns a tenth of the refresh lifetime ahead, at most a day', () => {
    expect(expiryWarningAt(tokens({ refreshExpiresAt: 10 * hour }))).toBe(9 * hour);
    const twoWeeks = 14 * 24 * hour;
    expect(expiryWarningAt(tokens({ refreshExpiresAt: twoWeeks }))).toBe(twoWeeks - 24 * hour);
  });

  it('says nothing when the refresh expiry is unknown', () => {
    expect(expiryWarningAt(tokens())).toBeUndefined();
  });

  it('warns as long ahead as the profile says, never before the tokens came', () => {
    expect(expiryWarningAt(tokens({ refreshExpiresAt: 10 * hour }), 600)).toBe(10 * hour - 600_000);
    expect(expiryWarningAt(tokens({ refreshExpiresAt: hour }), 2 * 3600)).toBe(0);
  });
});
