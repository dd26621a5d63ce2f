import { describe, expect, it } from 'vitest';
import { makeJwt } from '../core/__fixtures__/jwt';
import { jsonResponse } from '../browser/fakes';
import { INTERRUPTED, fail } from '../core/failure';
import { createProfile } from '../core/profile/presets';
import type { Profile } from '../core/profile/types';
import type { TokenSet } from '../core/token-set';
import { fingerprint, refreshProvider } from './refresh';
import { refreshDue, repair } from './startup';
import { world, type TestWorld } from './__fixtures__/world';

const T = 1_700_000_000_000;
const BASE = 'https://auth.example';

/** A JWT access token naming its user (the signature is not checked). */
const jwt = (sub: string) => makeJwt({ sub, preferred_username: sub });

/** An authorization-code provider that signs in again without a window (`silent`). */
function provider(silent: boolean | undefined): Profile {
  const base = createProfile('fosoauth', { id: 'f', base: BASE });
  if (base.signIn.kind !== 'authorization_code') throw new Error('not a code flow');
  return {
    ...base,
    client: { clientId: 'tk' },
    secrets: { clientSecret: 'client-secret' },
    signIn: { ...base.signIn, ...(silent !== undefined && { silent }) },
  };
}

const tokens = (over: Partial<TokenSet> = {}): TokenSet => ({
  accessToken: jwt('alice'),
  tokenType: 'bearer',
  refreshToken: 'refresh-1',
  obtainedAt: T - 60_000,
  expiresAt: T - 60_000 + 600_000,
  ...over,
});

async function signedIn(w: TestWorld, profile: Profile, over: Partial<TokenSet> = {}) {
  await w.deps.store.saveProfile(profile, undefined);
  await w.deps.store.addIdentity(
    profile,
    { key: '1', name: 'alice', subject: 'alice' },
    { tokens: tokens(over), status: 'fresh' },
    true,
  );
}

/** A stopped worker had written its refresh attempt and sent the request: no answer was stored. */
async function leftInFlight(w: TestWorld, profile: Profile) {
  const record = await w.deps.store.record(profile);
  if (!record) throw new Error('no record');
  await w.deps.store.putRecord(profile, '1', {
    ...record,
    status: 'refreshing',
    attempt: { startedAt: T, fingerprint: await fingerprint('refresh-1') },
  });
}

/** The provider's session answers the sign-in page at once: a code for the page's state. */
const sessionAnswers = (w: TestWorld) =>
  w.redirects.push(
    (url) =>
      `${w.deps.identity.redirectUri}?code=silent-code&state=${new URL(url).searchParams.get('state') ?? ''}`,
  );

const codeExchange = (sub: string) =>
  jsonResponse({
    access_token: jwt(sub),
    token_type: 'bearer',
    expires_in: 600,
    refresh_token: `refresh-of-${sub}`,
  });

const invalidGrant = jsonResponse(
  { error: 'invalid_grant', error_description: 'Refresh token expired' },
  400,
);

describe('signing in again without a window', () => {
  it('follows a refused refresh while the session lives: prompt=none, no window, new tokens', async () => {
    const w = world();
    const profile = provider(true);
    await signedIn(w, profile);
    sessionAnswers(w);
    w.http.queue.push(invalidGrant, codeExchange('alice'));
    const result = await refreshProvider(w.deps, 'f', { force: true });
    expect(result).toMatchObject({ ok: true, value: { refreshToken: 'refresh-of-alice' } });
    expect(w.launches).toHaveLength(1);
    expect(w.launches[0]).toMatch(/^silent /);
    const asked = new URL(w.launches[0]?.slice('silent '.length) ?? '');
    expect(asked.searchParams.get('prompt')).toBe('none');
    expect(asked.searchParams.get('code_challenge_method')).toBe('S256');
    expect(w.http.sent.map((r) => r.url.split('?')[0])).toEqual([
      `${BASE}/oauth/v2/token`,
      `${BASE}/oauth/v2/token`,
    ]);
    expect(w.http.sent[1]?.body).toContain('code=silent-code');
    const record = await w.deps.store.record(profile);
    expect(record?.status).toBe('fresh');
    expect(record?.timeline?.[0]?.kind).toBe('sign-in');
  });

  it('signs in again without a window where there is no refresh token, sending no refresh', async () => {
    const w = world();
    const profile = provider(true);
    const { refreshToken: _, ...noRefresh } = tokens();
    await w.deps.store.saveProfile(profile, undefined);
    await w.deps.store.addIdentity(
      profile,
      { key: '1', subject: 'alice' },
      { tokens: noRefresh, status: 'fresh' },
      true,
    );
    // Due at the lead before expiry, as a refresh would be.
    w.clock.at = T - 60_000 + 600_000 - 10_000;
    sessionAnswers(w);
    w.http.queue.push(codeExchange('alice'));
    expect(await refreshProvider(w.deps, 'f')).toMatchObject({ ok: true });
    expect(w.http.sent).toHaveLength(1);
    expect(w.http.sent[0]?.body).toContain('grant_type=authorization_code');
  });

  it('asks the user when the session has ended, with both reasons in words', async () => {
    const w = world();
    const profile = provider(true);
    await signedIn(w, profile);
    w.redirects.push(
      (url) =>
        `${w.deps.identity.redirectUri}?error=login_required&error_description=End-User+authentication+is+required&state=${new URL(url).searchParams.get('state') ?? ''}`,
    );
    w.http.queue.push(invalidGrant);
    const result = await refreshProvider(w.deps, 'f', { force: true });
    expect(result.ok).toBe(false);
    const record = await w.deps.store.record(profile);
    expect(record?.status).toBe('needs-sign-in');
    expect(record?.error?.message).toMatch(
      /^The refresh failed \(.*invalid_grant.*\), and signing in again without a window did not work: .*login_required.*\. Sign in again\.$/,
    );
    expect(w.http.sent).toHaveLength(1);
  });

  it('refuses a session that is now another user’s, and keeps the identity’s tokens', async () => {
    const w = world();
    const profile = provider(true);
    await signedIn(w, profile);
    sessionAnswers(w);
    w.http.queue.push(invalidGrant, codeExchange('bob'));
    await refreshProvider(w.deps, 'f', { force: true });
    const record = await w.deps.store.record(profile);
    expect(record?.status).toBe('needs-sign-in');
    expect(record?.error?.code).toBe('other_user');
    expect(record?.error?.message).toMatch(/the provider's session is now bob's/);
    expect(record?.tokens.refreshToken).toBe('refresh-1');
  });

  it('is off for a plain OAuth code flow unless the profile turns it on', async () => {
    const w = world();
    const profile = provider(undefined);
    await signedIn(w, profile);
    w.http.queue.push(invalidGrant);
    await refreshProvider(w.deps, 'f', { force: true });
    expect(w.launches).toEqual([]);
    expect((await w.deps.store.record(profile))?.status).toBe('needs-sign-in');
  });

  it('replaces a refresh token that an unanswered request may have spent, with a code flow', async () => {
    const w = world();
    const profile = provider(true);
    await signedIn(w, profile);
    sessionAnswers(w);
    w.http.queue.push(
      fail('transient', 'timeout', 'The provider did not answer within 20 s.', {
        unanswered: true,
      }),
      codeExchange('alice'),
    );
    expect(await refreshProvider(w.deps, 'f', { force: true })).toMatchObject({ ok: true });
    expect((await w.deps.store.record(profile))?.status).toBe('fresh');
    // Without a session, the spent token stays the user's decision, as without silent sign-in.
    w.http.queue.push(
      fail('transient', 'timeout', 'The provider did not answer within 20 s.', {
        unanswered: true,
      }),
    );
    w.redirects.push(
      (url) =>
        `${w.deps.identity.redirectUri}?error=login_required&state=${new URL(url).searchParams.get('state') ?? ''}`,
    );
    await refreshProvider(w.deps, 'f', { force: true });
    expect((await w.deps.store.record(profile))?.error?.code).toBe(INTERRUPTED);
  });

  it('after a worker stopped mid-refresh, the next start signs in without a window instead of re-sending the token', async () => {
    const w = world();
    const profile = provider(true);
    await signedIn(w, profile);
    await leftInFlight(w, profile);
    sessionAnswers(w);
    w.http.queue.push(codeExchange('alice'));
    await refreshDue(w.deps, await repair(w.deps));
    expect(w.launches).toHaveLength(1);
    expect(w.launches[0]).toMatch(/^silent /);
    // Only the code exchange: the possibly spent refresh token was not sent again.
    expect(w.http.sent).toHaveLength(1);
    expect(w.http.sent[0]?.body).toContain('code=silent-code');
    expect(w.http.sent[0]?.body).not.toContain('refresh-1');
    expect(await w.deps.store.record(profile)).toMatchObject({
      status: 'fresh',
      tokens: { refreshToken: 'refresh-of-alice' },
    });
  });

  it('after a worker stopped mid-refresh with the session gone, leaves the choice to the user', async () => {
    const w = world();
    const profile = provider(true);
    await signedIn(w, profile);
    await leftInFlight(w, profile);
    w.redirects.push(
      (url) =>
        `${w.deps.identity.redirectUri}?error=login_required&state=${new URL(url).searchParams.get('state') ?? ''}`,
    );
    await refreshDue(w.deps, await repair(w.deps));
    expect(w.http.sent).toHaveLength(0);
    expect(await w.deps.store.record(profile)).toMatchObject({
      status: 'needs-sign-in',
      error: { code: INTERRUPTED },
    });
  });
});
