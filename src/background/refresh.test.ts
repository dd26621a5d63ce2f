import { describe, expect, it } from 'vitest';
import type { Failure } from '../core/failure';
import type { TokenSet } from '../core/token-set';
import { refreshProvider } from './refresh';
import { statusView } from './status';
import type { ProviderRecord } from './records';
import { jsonResponse } from '../browser/fakes';
import { keycloak, world, type TestWorld, signedIn } from './__fixtures__/world';

const T = 1_700_000_000_000;
/** Tokens obtained a minute before the test's clock starts. */
const tokens = (over: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: 'access-1',
  tokenType: 'bearer',
  refreshToken: 'refresh-1',
  obtainedAt: T - 60_000,
  expiresAt: T - 60_000 + 1_800_000,
  ...over,
});

async function connected(w: TestWorld, record: Partial<ProviderRecord> = {}) {
  const profile = keycloak();
  await w.deps.store.saveProfile(profile, undefined);
  await signedIn(w.deps.store, profile, { tokens: tokens(), status: 'fresh', ...record });
  return profile;
}
const stored = async (w: TestWorld) => w.deps.store.record(keycloak());

describe('refreshProvider', () => {
  it('stores the new tokens with the old refresh token kept, then schedules the next refresh', async () => {
    const w = world();
    await connected(w);
    w.http.queue.push(
      jsonResponse({ access_token: 'access-2', token_type: 'bearer', expires_in: 1800 }),
    );
    const result = await refreshProvider(w.deps, 'kc', { force: true });
    expect(result).toMatchObject({
      ok: true,
      value: { accessToken: 'access-2', refreshToken: 'refresh-1' },
    });
    expect(await stored(w)).toMatchObject({
      status: 'fresh',
      tokens: { accessToken: 'access-2', refreshToken: 'refresh-1' },
      lastRefreshAt: w.clock.at,
    });
    expect(w.http.sent[0]?.body).toBe(
      'grant_type=refresh_token&refresh_token=refresh-1&client_id=integration-api',
    );
    // The new tokens count from when their request was sent, T.
    expect(w.alarms.all.get('refresh:kc:1')).toBe(T + 1_800_000 - 60_000);
  });

  it('does nothing before the token is due, unless forced', async () => {
    const w = world();
    await connected(w);
    expect(await refreshProvider(w.deps, 'kc')).toMatchObject({
      ok: true,
      value: { accessToken: 'access-1' },
    });
    expect(w.http.sent).toHaveLength(0);
  });

  it('refreshes once for many callers that saw the same tokens', async () => {
    const w = world();
    await connected(w);
    w.http.queue.push(
      jsonResponse({ access_token: 'access-2', token_type: 'bearer', refresh_token: 'refresh-2' }),
    );
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        refreshProvider(w.deps, 'kc', { force: true, seen: T - 60_000 }),
      ),
    );
    expect(w.http.sent).toHaveLength(1);
    expect(new Set(results.map((r) => r.ok && r.value.accessToken))).toEqual(new Set(['access-2']));
  });

  it('keeps the tokens on a transient failure and backs off', async () => {
    const w = world();
    await connected(w);
    w.http.queue.push(jsonResponse('down', 503));
    expect(await refreshProvider(w.deps, 'kc', { force: true })).toMatchObject({
      ok: false,
      error: { code: 'server_error' },
    });
    const record = await stored(w);
    expect(record).toMatchObject({
      status: 'error',
      tokens: { accessToken: 'access-1' },
      // Equal jitter gives 22.5 s for the first 30 s step.
      failures: { count: 1, lastAt: w.clock.at, retryAt: w.clock.at + 22_500 },
    });
    // The forced refresh failed long before the token was due: the next try waits for that.
    expect(w.alarms.all.get('refresh:kc:1')).toBe(T - 60_000 + 1_800_000 - 60_000);
    expect(w.badges.at(-1)).toBe(1);
    // Within the backoff, a caller with enough validity gets the kept token and no request is sent.
    expect(await refreshProvider(w.deps, 'kc', { minValidityMs: 60_000 })).toMatchObject({
      ok: true,
      value: { accessToken: 'access-1' },
    });
    expect(w.http.sent).toHaveLength(1);
  });

  it('asks to sign in again on a rejection, and sends nothing more', async () => {
    const w = world();
    await connected(w);
    w.http.queue.push(jsonResponse({ error: 'invalid_grant' }, 400));
    expect(await refreshProvider(w.deps, 'kc', { force: true })).toMatchObject({
      ok: false,
      error: { kind: 'reauth' },
    });
    expect(await stored(w)).toMatchObject({ status: 'needs-sign-in' });
    expect(w.alarms.all.has('refresh:kc:1')).toBe(false);
    expect(await refreshProvider(w.deps, 'kc', { force: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_grant' },
    });
    expect(w.http.sent).toHaveLength(1);
  });

  it('tells a caller whose token runs out during a backoff why, without a request', async () => {
    const w = world();
    const error: Failure = {
      kind: 'transient',
      code: 'server_error',
      message: 'The provider failed (503).',
    };
    const expiring = tokens({ obtainedAt: T - 1_795_000, expiresAt: T + 5_000 });
    const profile = await connected(w);
    await signedIn(w.deps.store, profile, {
      tokens: expiring,
      status: 'error',
      error,
      failures: { count: 3, lastAt: w.clock.at, retryAt: w.clock.at + 60_000 },
    });
    expect(await refreshProvider(w.deps, 'kc', { minValidityMs: 60_000 })).toEqual({
      ok: false,
      error: { ...error, message: 'The provider failed (503). Token Keeper tries again in 60 s.' },
    });
    expect(w.http.sent).toHaveLength(0);
  });

  it('answers for unknown and signed-out providers', async () => {
    const w = world();
    expect(await refreshProvider(w.deps, 'nope')).toMatchObject({
      ok: false,
      error: { code: 'unknown_provider' },
    });
    await w.deps.store.saveProfile(keycloak(), undefined);
    expect(await refreshProvider(w.deps, 'kc')).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
    });
  });
});

describe('a server that echoes what it was sent', () => {
  it('has the refresh token masked in the reason stored and shown, however short', async () => {
    const w = world();
    await connected(w);
    w.http.queue.push(
      jsonResponse({ error: 'invalid_request', error_description: 'bad token refresh-1' }, 400),
    );
    const result = await refreshProvider(w.deps, 'kc', { force: true });
    expect(!result.ok && result.error.message).toContain('bad token ••••');
    expect(JSON.stringify(await stored(w))).not.toMatch(/bad token refresh-1/);
  });

  it.each([
    ['a quote and a backslash', 'q7"Zx\\w9-Qv3Lm8Rt2Yp6Kd4Hs1Wn5Bc0Jf'],
    ['shell characters', 's3cr3t!'],
    ['dollar signs', 'pa$$'],
    ['a run of spaces', 'zq   xw   vk'],
  ])(
    'has a client secret with %s masked whole in the reason, the record and the status view',
    async (_what, secret) => {
      const w = world();
      const profile = keycloak({ secrets: { clientSecret: secret } });
      await w.deps.store.saveProfile(profile, undefined);
      await signedIn(w.deps.store, profile, { tokens: tokens(), status: 'fresh' });
      w.http.queue.push(
        jsonResponse(
          { error: 'invalid_client', error_description: `bad value ${secret} given` },
          401,
        ),
      );
      const result = await refreshProvider(w.deps, 'kc', { force: true });
      // Long values keep their last four characters, as every masked value does.
      const shown = secret.length >= 16 ? secret.slice(-4) : '';
      expect(!result.ok && result.error.message).toContain(`bad value ••••${shown} given`);
      const seen = [
        !result.ok && result.error.message,
        JSON.stringify(await stored(w)),
        JSON.stringify(await statusView(w.deps)),
      ].join('\n');
      // No other run of four of the secret's characters survives, quoted or not.
      const pieces = [secret, JSON.stringify(secret).slice(1, -1)].flatMap((text) =>
        Array.from({ length: text.length - 4 }, (_, i) => text.slice(i, i + 4)),
      );
      expect(pieces.filter((piece) => seen.includes(piece))).toEqual([]);
    },
  );
});
