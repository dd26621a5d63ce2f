import { describe, expect, it } from 'vitest';
import { displayState } from '../popup/display-state';
import type { Reply } from '../shared/protocol';
import { route } from './router';
import { autoPrompts, noTerminal, keycloak, world, signedIn } from './__fixtures__/world';

const extension = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const fromPopup = {
  id: 'ext-id',
  url: 'chrome-extension://ext-id/src/popup/index.html',
  fromTab: false,
};
const { prompts } = autoPrompts('never');

describe('route', () => {
  it('hears only the extension’s own pages', () => {
    const handler = route(
      { deps: world().deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    const page = { id: 'ext-id', url: 'https://evil.example/', fromTab: true };
    expect(handler({ type: 'status' }, page)).toBeUndefined();
    expect(
      handler(
        { type: 'status' },
        { id: 'other', url: 'chrome-extension://ext-id/x', fromTab: false },
      ),
    ).toBeUndefined();
    expect(handler({ type: 'status' }, { id: 'ext-id', fromTab: false })).toBeUndefined();
    // A content script may carry a page's request in its envelope, and nothing else.
    expect(handler({ type: 'getToken', providerId: 'kc' }, page)).toBeUndefined();
    expect(handler({ channel: 'page', request: {} }, { ...page, fromTab: false })).toBeUndefined();
  });

  it.each([
    null,
    'status',
    [],
    { type: 'format-disk' },
    { type: 'connect' },
    { type: 'getToken', providerId: 'kc', minValiditySeconds: -1 },
    { type: 'connect', providerId: 'kc', credentials: { username: 'a' } },
  ])('refuses the malformed message %j', async (message) => {
    const reply = await route(
      { deps: world().deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    )(message, fromPopup);
    expect(reply).toMatchObject({ ok: false, error: { code: 'bad_message' } });
  });

  it('saves a valid profile and lists it without any token value', async () => {
    const w = world();
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    expect(await handler({ type: 'saveProfile', profile: keycloak() }, fromPopup)).toEqual({
      ok: true,
      value: { id: 'kc', signedOut: false },
    });
    await signedIn(w.deps.store, keycloak(), {
      tokens: {
        accessToken: 'AT',
        tokenType: 'bearer',
        refreshToken: 'RT',
        idToken: 'IT',
        obtainedAt: 1,
        expiresAt: 2,
      },
      status: 'fresh',
    });
    const status = await handler({ type: 'status' }, fromPopup);
    expect(status).toMatchObject({
      ok: true,
      value: { providers: [{ id: 'kc', status: 'fresh', expiresAt: 2 }] },
    });
    expect(JSON.stringify(status)).not.toMatch(/"AT"|"RT"|"IT"/);
  });

  it('names every wrong field of a profile it refuses, and stores nothing', async () => {
    const w = world();
    const reply = await route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    )({ type: 'saveProfile', profile: { ...keycloak(), id: '' } }, fromPopup);
    expect(reply).toMatchObject({
      ok: false,
      error: { code: 'invalid_profile', fields: [{ path: 'id', message: 'must not be empty' }] },
    });
    expect(w.local.data.size).toBe(0);
  });

  it('sets the header rules at once when a connected profile’s prefixes change', async () => {
    const w = world();
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    await handler({ type: 'saveProfile', profile: keycloak() }, fromPopup);
    await signedIn(w.deps.store, keycloak(), {
      tokens: {
        accessToken: 'AT',
        tokenType: 'bearer',
        obtainedAt: 1,
        expiresAt: w.clock.at + 60_000,
      },
      status: 'fresh',
    });
    const api = 'https://api.example/v1/';
    await handler({ type: 'saveProfile', profile: keycloak({ inject: [api] }) }, fromPopup);
    expect(w.headerRuleSets.at(-1)?.map((r) => r.condition.urlFilter)).toEqual([
      `|${api}`,
      `|${api}`,
    ]);
    await handler({ type: 'saveProfile', profile: keycloak() }, fromPopup);
    expect(w.headerRuleSets.at(-1)).toEqual([]);
  });

  it('refuses a prefix another profile injects, and keeps what was stored', async () => {
    const w = world();
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    const api = 'https://api.example/v1/';
    await handler({ type: 'saveProfile', profile: keycloak({ inject: [api] }) }, fromPopup);
    const other = { ...keycloak({ inject: ['https://other.example/', api] }), id: 'kc2' };
    expect(await handler({ type: 'saveProfile', profile: other }, fromPopup)).toMatchObject({
      ok: false,
      error: {
        code: 'invalid_profile',
        fields: [{ path: 'inject[1]', message: `is already added by ${keycloak().name}` }],
      },
    });
    expect((await w.deps.store.profiles()).map((p) => p.id)).toEqual(['kc']);

    // An export file that brings the same clash is refused whole.
    const file = JSON.stringify({
      format: 'token-keeper-profiles',
      version: 1,
      profiles: [keycloak({ id: 'kc3' }), other],
    });
    expect(await handler({ type: 'importProfiles', text: file }, fromPopup)).toMatchObject({
      ok: false,
      error: { code: 'invalid_file', fields: [{ path: 'profiles[1].inject[1]' }] },
    });
    expect((await w.deps.store.profiles()).map((p) => p.id)).toEqual(['kc']);
  });

  it('deletes a profile with its tokens', async () => {
    const w = world();
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    await handler(
      { type: 'saveProfile', profile: keycloak({ revoke: undefined as never }) },
      fromPopup,
    );
    expect(await handler({ type: 'deleteProfile', providerId: 'kc' }, fromPopup)).toEqual({
      ok: true,
      value: { id: 'kc', message: 'It was not signed in: there was nothing to revoke.' },
    });
    expect(w.local.data.size).toBe(0);
    expect(await handler({ type: 'deleteProfile', providerId: 'kc' }, fromPopup)).toMatchObject({
      ok: false,
      error: { code: 'unknown_provider' },
    });
  });
});

describe('status with a shifted clock', () => {
  it('shows times as the provider’s shifted clock sees them', async () => {
    const w = world();
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    await handler({ type: 'saveProfile', profile: keycloak() }, fromPopup);
    await signedIn(w.deps.store, keycloak(), {
      tokens: { accessToken: 'AT', tokenType: 'bearer', obtainedAt: 1000, expiresAt: 61_000 },
      status: 'fresh',
      clockShiftMs: 30_000,
    });
    expect(await handler({ type: 'status' }, fromPopup)).toMatchObject({
      ok: true,
      value: { providers: [{ expiresAt: 31_000, obtainedAt: -29_000 }] },
    });
  });
});

describe('status and the worker’s own plan', () => {
  it('says "expiring" from the time the worker refreshes, by the profile’s lead time', async () => {
    const w = world();
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    // UiTiD-like: refresh 5 minutes before the end of an hour-long token.
    const profile = keycloak({ expiry: { ...keycloak().expiry, leadSeconds: 300 } });
    await handler({ type: 'saveProfile', profile }, fromPopup);
    const now = w.clock.at;
    await signedIn(w.deps.store, profile, {
      tokens: {
        accessToken: 'AT',
        refreshToken: 'RT',
        tokenType: 'bearer',
        obtainedAt: now - 3_360_000,
        expiresAt: now + 240_000,
      },
      status: 'fresh',
    });
    const reply = (await handler({ type: 'status' }, fromPopup)) as Reply<'status'>;
    const provider = reply.ok ? reply.value.providers[0] : undefined;
    expect(provider?.refreshAt).toBeLessThanOrEqual(now);
    expect(provider && displayState(provider, now)).toBe('expiring');
  });
});
