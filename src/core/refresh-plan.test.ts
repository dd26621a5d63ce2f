import { describe, expect, it } from 'vitest';
import {
  DEFAULT_PLAN,
  backoffDelay,
  expiryWarningAt,
  planRefresh,
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
    expect(planRefresh(tokens(), { now: 0, random: 0.5 }, settings)).toEqual({
      kind: 'wait',
      at: hour - 60_000,
    });
  });

  it('refreshes now inside the lead time, and after expiry (a late alarm)', () => {
    expect(planRefresh(tokens(), { now: hour - 30_000, random: 0 }, settings)).toEqual({
      kind: 'refresh-now',
    });
    expect(planRefresh(tokens(), { now: hour * 5, random: 0 }, settings)).toEqual({
      kind: 'refresh-now',
    });
  });

  it('caps the lead at a quarter of a short lifetime', () => {
    const short = tokens({ expiresAt: 100_000 });
    expect(planRefresh(short, { now: 0, random: 0 }, settings)).toEqual({
      kind: 'wait',
      at: 75_000,
    });
  });

  it('never sets an alarm sooner than the floor', () => {
    const short = tokens({ expiresAt: 20_000 });
    expect(planRefresh(short, { now: 0, random: 0 }, settings)).toEqual({
      kind: 'wait',
      at: 30_000,
    });
  });

  it('asks to sign in without a refresh token, or once it has expired', () => {
    const { refreshToken: _, ...none } = tokens();
    expect(planRefresh(none, { now: 0, random: 0 }, settings)).toEqual({
      kind: 'sign-in',
      reason: 'no-refresh-token',
    });
    expect(planRefresh(tokens({ refreshExpiresAt: 10 }), { now: 10, random: 0 }, settings)).toEqual(
      {
        kind: 'sign-in',
        reason: 'refresh-expired',
      },
    );
  });

  it('backs off exponentially after failures, with jitter, up to the cap', () => {
    const at = (count: number, random: number) =>
      planRefresh(tokens(), { now: 1000, random, failures: { count, lastAt: 1000 } }, settings);
    expect(at(1, 0)).toEqual({ kind: 'wait', at: 1000 + 30_000 });
    expect(at(2, 0)).toEqual({ kind: 'wait', at: 1000 + 30_000 });
    expect(at(2, 0.999_999)).toMatchObject({ kind: 'wait' });
    expect(at(3, 0)).toEqual({ kind: 'wait', at: 1000 + 60_000 });
    expect(at(30, 0)).toEqual({ kind: 'wait', at: 1000 + DEFAULT_PLAN.backoffCapMs / 2 });
  });

  it('waits at least as long as the server’s Retry-After', () => {
    const plan = planRefresh(
      tokens(),
      { now: 0, random: 0, failures: { count: 1, lastAt: 0, retryAfterMs: 600_000 } },
      settings,
    );
    expect(plan).toEqual({ kind: 'wait', at: 600_000 });
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
});
