import { describe, expect, it } from 'vitest';
import { createProfile } from '../core/profile/presets';
import { onAlarm, onNotificationAction } from './alarms';
import { connect, disconnect } from './connection';
import { refreshDue, repair } from './startup';
import { testerAction } from './dev-tools';
import { statusView } from './status';
import { jsonResponse } from '../browser/fakes';
import { keycloak, world, signedIn } from './__fixtures__/world';

const T = 1_700_000_000_000;
const record = (over: object = {}) => ({
  tokens: {
    accessToken: 'a',
    tokenType: 'bearer',
    refreshToken: 'r',
    obtainedAt: T,
    expiresAt: T + 1_800_000,
    refreshExpiresAt: T + 3_600_000,
  },
  status: 'fresh' as const,
  ...over,
});

describe('repair, at every worker start', () => {
  it('undoes a "refreshing" that no sent attempt backs, and sets missing alarms again', async () => {
    const w = world();
    const profile = keycloak();
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, record({ status: 'refreshing' }));
    expect(await repair(w.deps)).toEqual([]);
    expect(await w.deps.store.record(profile)).toMatchObject({ status: 'fresh' });
    expect(w.alarms.all.get('refresh:kc:1')).toBe(T + 1_800_000 - 60_000);
    expect(w.alarms.all.get('expiry-warning:kc:1')).toBe(T + 3_600_000 - 360_000);
  });

  it('keeps an alarm that is already set, and lists tokens that came due while no worker ran', async () => {
    const w = world();
    const profile = keycloak();
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, record());
    await w.alarms.set('refresh:kc:1', T + 5);
    expect(await repair(w.deps)).toEqual([]);
    expect(w.alarms.all.get('refresh:kc:1')).toBe(T + 5);
    w.clock.at = T + 1_790_000;
    expect(await repair(w.deps)).toEqual([{ id: 'kc', identity: '1', seen: T }]);
    w.http.queue.push(jsonResponse({ access_token: 'b', token_type: 'bearer', expires_in: 1800 }));
    await refreshDue(w.deps, [{ id: 'kc', identity: '1', seen: T }]);
    expect(await w.deps.store.record(profile)).toMatchObject({ tokens: { accessToken: 'b' } });
  });
});

describe('onAlarm', () => {
  it('warns before the refresh token runs out, not sooner', async () => {
    const w = world();
    const profile = keycloak();
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, record());
    await onAlarm(w.deps, 'expiry-warning:kc:1');
    expect(w.notes).toEqual([]);
    w.clock.at = T + 3_600_000 - 300_000;
    await onAlarm(w.deps, 'expiry-warning:kc:1');
    expect(w.notes).toEqual([
      'Keycloak (apiax realm): sign in soon: Its refresh token runs out in about 5 min; then you will have to sign in again. Sign in again from the popup.',
    ]);
  });

  it('warns as long before as the profile says, in the popup’s view and by its alarm', async () => {
    const w = world();
    const base = keycloak();
    const profile = keycloak({ expiry: { ...base.expiry, warnSeconds: 1200 } });
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, record());
    const [view] = (await statusView(w.deps)).providers;
    expect(view?.endingFrom).toBe(T + 3_600_000 - 1_200_000);
    await repair(w.deps);
    expect(w.alarms.all.get('expiry-warning:kc:1')).toBe(T + 3_600_000 - 1_200_000);
    w.clock.at = T + 3_600_000 - 1_200_000;
    await onAlarm(w.deps, 'expiry-warning:kc:1');
    expect(w.notes).toEqual([
      'Keycloak (apiax realm): sign in soon: Its refresh token runs out in about 20 min; then you will have to sign in again. Sign in again from the popup.',
    ]);
  });

  it('offers to sign in again in the warning, and its click signs that identity in again', async () => {
    const w = world();
    const uitid = {
      ...createProfile('uitid', { id: 'u', base: 'http://127.0.0.1:7101' }),
      secrets: { apiKey: 'k' },
    };
    await w.deps.store.saveProfile(uitid, undefined);
    await signedIn(w.deps.store, uitid, record());
    w.clock.at = T + 3_600_000 - 300_000;
    await onAlarm(w.deps, 'expiry-warning:u:1');
    expect(w.notes).toEqual([
      'publiq UiTiD (connect and /refresh): sign in soon: Its refresh token runs out in about 5 min; then you will have to sign in again. [Sign in again now]',
    ]);
    // Another notification's click does nothing.
    await onNotificationAction(w.deps, 'headers:u');
    expect(w.launches).toEqual([]);
    const claims = Buffer.from(JSON.stringify({ iat: 1, exp: 1 + 43_200 })).toString('base64url');
    w.redirects.push(`${w.deps.identity.redirectUri}?jwt=e30.${claims}.sig&refresh=R2`);
    await onNotificationAction(w.deps, 'expiry-warning:u:1');
    expect(w.launches).toHaveLength(1);
    expect((await w.deps.store.record(uitid, '1'))?.tokens.refreshToken).toBe('R2');
    expect(await w.deps.store.identities(uitid)).toMatchObject({ identities: [{ key: '1' }] });
  });

  it('refreshes when due and sets the next alarm either way', async () => {
    const w = world();
    const profile = keycloak();
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, record());
    await onAlarm(w.deps, 'refresh:kc:1'); // early: nothing due
    expect(w.http.sent).toHaveLength(0);
    expect(w.alarms.all.has('refresh:kc:1')).toBe(true);
  });
});

describe('connect and disconnect', () => {
  it('logs in with a password that is stored nowhere', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak(), undefined);
    w.http.queue.push(
      jsonResponse({
        access_token: 'a',
        token_type: 'bearer',
        expires_in: 1800,
        refresh_token: 'r',
        refresh_expires_in: 36_000,
      }),
    );
    const result = await connect(w.deps, 'kc', {
      credentials: { username: 'ann', password: 'very-secret-pw' },
    });
    // The user name names the identity: opaque tokens say nothing of who signed in.
    expect(result).toMatchObject({ ok: true, value: { name: 'ann', added: true } });
    expect(await w.deps.store.record(keycloak())).toMatchObject({
      tokens: { refreshExpiresAt: T + 36_000_000 },
    });
    expect(w.http.sent[0]?.body).toContain('password=very-secret-pw');
    const everything = JSON.stringify([...w.local.data, ...w.session.data]);
    expect(everything).not.toContain('very-secret-pw');
  });

  it('changes nothing when the sign-in fails', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak(), undefined);
    w.http.queue.push(
      jsonResponse({ error: 'invalid_grant', error_description: 'Invalid user credentials' }, 401),
    );
    expect(
      await connect(w.deps, 'kc', { credentials: { username: 'ann', password: 'x' } }),
    ).toMatchObject({
      ok: false,
      error: { kind: 'reauth' },
    });
    expect(await w.deps.store.record(keycloak())).toBeUndefined();
    expect(await connect(w.deps, 'kc')).toMatchObject({
      ok: false,
      error: { code: 'credentials_needed' },
    });
  });

  it('signs in through the browser window with state and PKCE, and refuses a forged state', async () => {
    const w = world();
    const profile = {
      ...createProfile('oidc', { id: 'o', base: 'http://127.0.0.1:7105' }),
      client: { clientId: 'tk', scope: 'openid' },
    };
    await w.deps.store.saveProfile(profile, undefined);
    w.redirects.push(`${w.deps.identity.redirectUri}?code=c&state=forged`);
    expect(await connect(w.deps, 'o')).toMatchObject({
      ok: false,
      error: { code: 'state_mismatch' },
    });
    const sent = new URL(w.launches[0] ?? '');
    expect(sent.searchParams.get('code_challenge_method')).toBe('S256');
    expect(sent.searchParams.get('state')).toHaveLength(43);
    // OpenID Connect (the scope asks for openid): a nonce, for the ID token to carry back.
    expect(sent.searchParams.get('nonce')).toHaveLength(43);
    expect(w.http.sent).toHaveLength(0);
  });

  it('keeps tokens from a connect-style redirect, timed from their JWT', async () => {
    const w = world();
    const uitid = {
      ...createProfile('uitid', { id: 'u', base: 'http://127.0.0.1:7101' }),
      secrets: { apiKey: 'k' },
    };
    await w.deps.store.saveProfile(uitid, undefined);
    const claims = Buffer.from(JSON.stringify({ iat: 100, exp: 100 + 43_200 })).toString(
      'base64url',
    );
    w.redirects.push(`${w.deps.identity.redirectUri}?jwt=e30.${claims}.sig&refresh=R`);
    expect(await connect(w.deps, 'u')).toMatchObject({
      ok: true,
      value: { expiresAt: T + 43_200_000 },
    });
    expect(await w.deps.store.record(uitid)).toMatchObject({ tokens: { refreshToken: 'R' } });
    expect(w.launches[0]).toBe(
      `http://127.0.0.1:7101/connect?apiKey=k&destination=${encodeURIComponent(w.deps.identity.redirectUri)}`,
    );
  });

  it('revokes, then wipes tokens and alarms whatever the provider said', async () => {
    const w = world();
    const profile = keycloak();
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, record());
    await w.alarms.set('refresh:kc:1', T + 1);
    w.http.queue.push(jsonResponse('', 503));
    expect(await disconnect(w.deps, 'kc')).toEqual({
      ok: true,
      value: {
        revoked: false,
        message:
          'Disconnected, but revocation failed (the provider failed (503): """"): the refresh token may still be valid at the provider.',
      },
    });
    expect(w.http.sent[0]?.url).toBe(
      'http://127.0.0.1:7104/realms/apiax/protocol/openid-connect/revoke',
    );
    expect(w.http.sent[0]?.body).toBe(
      'token=r&token_type_hint=refresh_token&client_id=integration-api',
    );
    expect(await w.deps.store.record(profile)).toBeUndefined();
    expect(w.alarms.all.size).toBe(0);
  });

  it('takes a sign-in that gave tokens as proof of guessed endpoints', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak({ unverified: true }), undefined);
    w.http.queue.push(jsonResponse({ access_token: 'A', token_type: 'bearer', expires_in: 60 }));
    await connect(w.deps, 'kc', { credentials: { username: 'a', password: 'b' } });
    expect((await w.deps.store.profile('kc'))?.unverified).toBeUndefined();
  });

  it('keeps "forget when the browser closes" tokens in session storage only', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak({ forgetOnClose: true }), undefined);
    w.http.queue.push(jsonResponse({ access_token: 'session-only', token_type: 'bearer' }));
    await connect(w.deps, 'kc', { credentials: { username: 'a', password: 'b' } });
    expect(JSON.stringify([...w.session.data])).toContain('session-only');
    expect(JSON.stringify([...w.local.data])).not.toContain('session-only');
  });
});

describe('header injection', () => {
  it('carries the current access token to the profile’s prefixes, and drops it on disconnect', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak({ inject: ['http://127.0.0.1:7200/api/'] }), undefined);
    w.http.queue.push(
      jsonResponse({
        access_token: 'A1',
        token_type: 'bearer',
        expires_in: 1800,
        refresh_token: 'r',
      }),
    );
    await connect(w.deps, 'kc', { credentials: { username: 'a', password: 'b' } });
    expect(
      w.headerRuleSets
        .at(-1)
        ?.map((r) => [r.condition.urlFilter, r.action.requestHeaders[0]?.value]),
    ).toEqual([
      ['|http://127.0.0.1:7200/api/', 'Bearer A1'],
      ['|http://127.0.0.1:7200/api/', 'Bearer A1'],
    ]);
    w.http.queue.push(jsonResponse('', 200));
    await disconnect(w.deps, 'kc');
    expect(w.headerRuleSets.at(-1)).toEqual([]);
    expect(w.alarms.all.has('headers')).toBe(false);
  });

  it('takes the rule away when the token runs out with no refresh before it', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak({ inject: ['http://127.0.0.1:7200/api/'] }), undefined);
    // No refresh token: nothing will replace this one.
    w.http.queue.push(jsonResponse({ access_token: 'A1', token_type: 'bearer', expires_in: 600 }));
    const sentAt = w.clock.at;
    await connect(w.deps, 'kc', { credentials: { username: 'a', password: 'b' } });
    const end = w.alarms.all.get('headers');
    expect(end).toBe(sentAt + 600_000);
    expect(w.headerRuleSets.at(-1)).toHaveLength(2);

    // An early alarm changes nothing; the one at the token's end removes the rule.
    await onAlarm(w.deps, 'headers');
    expect(w.headerRuleSets.at(-1)).toHaveLength(2);
    w.clock.at = end ?? 0;
    await onAlarm(w.deps, 'headers');
    expect(w.headerRuleSets.at(-1)).toEqual([]);
    expect(w.alarms.all.has('headers')).toBe(false);
    expect(await w.deps.store.record(keycloak())).toMatchObject({ tokens: { accessToken: 'A1' } });
  });

  it('leaves out a provider whose rule the browser refuses, keeps the others’, and says so', async () => {
    const w = world();
    const other = keycloak({ id: 'other', name: 'Other', inject: ['http://127.0.0.1:7300/api/'] });
    await w.deps.store.saveProfile(keycloak({ inject: ['http://127.0.0.1:7200/api/'] }), undefined);
    await w.deps.store.saveProfile(other, undefined);
    for (const [id, token] of [
      ['kc', 'A1'],
      ['other', 'B1'],
    ] as const) {
      w.http.queue.push(
        jsonResponse({ access_token: token, token_type: 'bearer', expires_in: 600 }),
      );
      await connect(w.deps, id, { credentials: { username: 'a', password: 'b' } });
    }
    w.refusedTokens.push('A1');
    await onAlarm(w.deps, 'headers');
    expect(w.headerRuleSets.at(-1)?.map((r) => r.action.requestHeaders[0]?.value)).toEqual([
      'Bearer B1',
      'Bearer B1',
    ]);
    expect(w.notes.at(-1)).toMatch(/^Keycloak .*: no Authorization header: The browser refused/);
  });

  it('takes the rule away at once when the tester forces the token to expire', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak({ inject: ['http://127.0.0.1:7200/api/'] }), undefined);
    w.http.queue.push(jsonResponse({ access_token: 'A1', token_type: 'bearer', expires_in: 600 }));
    await connect(w.deps, 'kc', { credentials: { username: 'a', password: 'b' } });
    expect(w.headerRuleSets.at(-1)).toHaveLength(2);
    await testerAction(w.deps, 'kc', { kind: 'expire' });
    expect(w.headerRuleSets.at(-1)).toEqual([]);
  });
});
