import { describe, expect, it } from 'vitest';
import { makeJwt } from '../core/__fixtures__/jwt';
import { jsonResponse } from '../browser/fakes';
import type { Http, KeyValueArea } from '../browser/ports';
import { MAX_IDENTITIES } from '../core/identity';
import { createProfile } from '../core/profile/presets';
import type { Profile } from '../core/profile/types';
import { onAlarm } from './alarms';
import { connect, disconnect } from './connection';
import { renameIdentity, useIdentity } from './identities';
import { handlePageRequest } from './page-requests';
import { getToken, refreshProvider } from './refresh';
import { exportAll, importAll } from './transfer';
import { repair } from './startup';
import { statusView } from './status';
import { createStore } from './store';
import { autoPrompts, keycloak, world, type TestWorld } from './__fixtures__/world';

const T = 1_700_000_000_000;
const API = 'http://127.0.0.1:7200/api/';
const APP = 'http://127.0.0.1:7200';

/** A JWT access token naming its user (the signature is not checked). */
const jwt = (sub: string, username: string, n: number) =>
  makeJwt({ sub, preferred_username: username, n });

/** The provider's answer to a password sign-in or a refresh for `user`, its `n`th token. */
const answer = (user: string, n: number) =>
  jsonResponse({
    access_token: jwt(`sub-${user}`, user, n),
    token_type: 'bearer',
    expires_in: 600,
    refresh_token: `RT-${user}-${n}`,
  });

/** Signs `user` in to Keycloak, adding an identity unless this is the provider's first. */
async function signIn(w: TestWorld, user: string, add = true) {
  w.http.queue.push(answer(user, 1));
  return connect(w.deps, 'kc', {
    credentials: { username: user, password: 'pw' },
    ...(add && { add: {} }),
  });
}

async function twoUsers() {
  const w = world();
  await w.deps.store.saveProfile(keycloak({ inject: [API] }), undefined);
  await signIn(w, 'alice', false);
  await signIn(w, 'bob');
  return w;
}

/** The token the header rules add to requests to the API now. */
const headerToken = (w: TestWorld) =>
  w.headerRuleSets.at(-1)?.[0]?.action.requestHeaders[0]?.value.replace(/^Bearer /, '');

const users = (token: string | undefined) =>
  token &&
  (
    JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString()) as {
      preferred_username: string;
    }
  ).preferred_username;

describe('several identities per provider', () => {
  it('adds a second identity beside the first, named from its token; the first stays active', async () => {
    const w = await twoUsers();
    const view = (await statusView(w.deps)).providers[0];
    expect(view?.identities?.map((i) => [i.identity, i.identityName, i.active])).toEqual([
      ['1', 'alice', true],
      ['2', 'bob', false],
    ]);
    expect(view?.identityName).toBe('alice');
    expect(users(headerToken(w))).toBe('alice');
  });

  it('looks as before with one identity: no list of identities in the view', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak(), undefined);
    await signIn(w, 'alice', false);
    const view = (await statusView(w.deps)).providers[0];
    expect(view?.identities).toBeUndefined();
    expect(view?.status).toBe('fresh');
  });

  it('refreshes each identity with its own refresh token, and never touches the other', async () => {
    const w = await twoUsers();
    w.clock.at += 600_000;
    w.http.queue.push(answer('bob', 2));
    expect(await refreshProvider(w.deps, 'kc', { identity: '2' })).toMatchObject({ ok: true });
    expect(w.http.sent.at(-1)?.body).toContain('refresh_token=RT-bob-1');
    w.http.queue.push(answer('alice', 2));
    expect(await refreshProvider(w.deps, 'kc')).toMatchObject({ ok: true });
    expect(w.http.sent.at(-1)?.body).toContain('refresh_token=RT-alice-1');
    expect((await w.deps.store.record(keycloak(), '1'))?.tokens.refreshToken).toBe('RT-alice-2');
    expect((await w.deps.store.record(keycloak(), '2'))?.tokens.refreshToken).toBe('RT-bob-2');
    expect(w.alarms.all.has('refresh:kc:1')).toBe(true);
    expect(w.alarms.all.has('refresh:kc:2')).toBe(true);
  });

  it('refreshes two identities at once: one request each, each with its own token', async () => {
    const w = await twoUsers();
    w.clock.at += 600_000;
    // The provider answers each refresh for the user whose refresh token it carried.
    const carried: string[] = [];
    const http: Http = {
      async send(request) {
        const token = /refresh_token=RT-(\w+)-(\d+)/.exec(request.body ?? '');
        carried.push(token?.[0] ?? 'none');
        await new Promise((resolve) => setTimeout(resolve, 5));
        const reply = answer(token?.[1] ?? 'nobody', Number(token?.[2]) + 1);
        return reply.ok ? { ok: true, value: { ...reply.value, sentAt: w.clock.at } } : reply;
      },
    };
    const deps = { ...w.deps, http };
    const [a, b, again] = await Promise.all([
      getToken(deps, 'kc', 0, '1'),
      getToken(deps, 'kc', 0, '2'),
      getToken(deps, 'kc', 0, '1'),
    ]);
    expect(carried.sort()).toEqual(['refresh_token=RT-alice-1', 'refresh_token=RT-bob-1']);
    expect(users(a.ok ? a.value.accessToken : undefined)).toBe('alice');
    expect(users(b.ok ? b.value.accessToken : undefined)).toBe('bob');
    expect(again).toEqual(a);
  });

  it('moves the header to the identity made active, before the switch is answered', async () => {
    const w = await twoUsers();
    expect(await useIdentity(w.deps, 'kc', '2')).toEqual({ ok: true, value: { active: '2' } });
    expect(users(headerToken(w))).toBe('bob');
    const token = await getToken(w.deps, 'kc');
    expect(users(token.ok ? token.value.accessToken : undefined)).toBe('bob');
  });

  it('renews the identity of the same user instead of adding it twice', async () => {
    const w = await twoUsers();
    const again = await signIn(w, 'bob');
    expect(again).toMatchObject({ ok: true, value: { identity: '2', added: false } });
    expect((await w.deps.store.identities(keycloak()))?.identities).toHaveLength(2);
  });

  it('refuses a sign-in again as one identity that the provider answered for another user', async () => {
    const w = await twoUsers();
    const before = await w.deps.store.record(keycloak(), '1');
    w.http.queue.push(answer('carol', 1));
    const result = await connect(w.deps, 'kc', {
      credentials: { username: 'carol', password: 'pw' },
      identity: '1',
    });
    expect(result).toMatchObject({ ok: false, error: { code: 'other_user' } });
    expect(!result.ok && result.error.message).toMatch(/signed in carol, not alice/);
    expect(await w.deps.store.record(keycloak(), '1')).toEqual(before);
  });

  it(`holds at most ${MAX_IDENTITIES} identities, and says so before any sign-in`, async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak(), undefined);
    await signIn(w, 'user-0', false);
    for (let i = 1; i < MAX_IDENTITIES; i += 1) await signIn(w, `user-${i}`);
    const sent = w.http.sent.length;
    const over = await signIn(w, 'one-too-many');
    expect(over).toMatchObject({ ok: false, error: { code: 'too_many_identities' } });
    expect(!over.ok && over.error.message).toMatch(/holds 20 identities.*remove one first/);
    expect(w.http.sent).toHaveLength(sent);
  });

  it('renames an identity, refusing a name another one has, in words', async () => {
    const w = await twoUsers();
    const clash = await renameIdentity(w.deps, 'kc', '2', 'ALICE');
    expect(clash).toMatchObject({ ok: false, error: { code: 'bad_identity_name' } });
    expect(!clash.ok && clash.error.message).toBe(
      'Another identity of this provider is called “alice”.',
    );
    expect(await renameIdentity(w.deps, 'kc', '2', ' viewer ')).toEqual({
      ok: true,
      value: { name: 'viewer' },
    });
    const names = (await w.deps.store.identities(keycloak()))?.identities.map((i) => i.name);
    expect(names).toEqual(['alice', 'viewer']);
  });

  it('removes one identity: revokes its refresh token only, and the other becomes active', async () => {
    const w = world();
    // Keycloak's preset revokes on Disconnect.
    const profile = keycloak({ inject: [API] });
    await w.deps.store.saveProfile(profile, undefined);
    await signIn(w, 'alice', false);
    await signIn(w, 'bob');
    w.http.queue.push(jsonResponse({}));
    const removed = await disconnect(w.deps, 'kc', '1');
    expect(removed).toMatchObject({ ok: true, value: { revoked: true } });
    expect(w.http.sent.at(-1)?.body).toContain('token=RT-alice-1');
    expect(w.http.sent.at(-1)?.body).not.toContain('RT-bob');
    expect(await w.deps.store.identities(profile)).toEqual({
      active: '2',
      identities: [{ key: '2', name: 'bob', subject: 'sub-bob' }],
    });
    expect((await w.deps.store.record(profile, '2'))?.tokens.refreshToken).toBe('RT-bob-1');
    expect(users(headerToken(w))).toBe('bob');
    expect(w.alarms.all.has('refresh:kc:1')).toBe(false);
    expect(w.alarms.all.has('refresh:kc:2')).toBe(true);
  });

  it('gives a page the identity it names, the active one otherwise, and audits which', async () => {
    const w = await twoUsers();
    const { prompts, asked } = autoPrompts(true);
    const ask = (identity?: string) =>
      handlePageRequest(
        w.deps,
        prompts.ask,
        APP,
        { type: 'getToken', provider: 'kc', ...(identity !== undefined && { identity }) },
        'externally_connectable',
      );
    const named = await ask('Bob');
    expect(users(named.ok ? named.value.accessToken : undefined)).toBe('bob');
    expect(asked[0]?.['identity']).toBe('bob');
    const active = await ask();
    expect(users(active.ok ? active.value.accessToken : undefined)).toBe('alice');
    expect((await w.deps.consent.audit()).map((a) => a.identity)).toEqual(['alice', 'bob']);
    expect(await ask('mallory')).toMatchObject({ ok: false, error: { code: 'unknown_identity' } });
  });

  it('tells a site never allowed nothing of which identities exist', async () => {
    const w = await twoUsers();
    const { prompts, asked } = autoPrompts(true);
    const reply = await handlePageRequest(
      w.deps,
      prompts.ask,
      APP,
      { type: 'getToken', provider: 'kc', identity: 'mallory' },
      'externally_connectable',
    );
    expect(reply).toMatchObject({ ok: false, error: { code: 'denied' } });
    expect(asked).toEqual([]);
  });

  it('takes an alarm named before identities as the active identity’s, then replaces it', async () => {
    const w = await twoUsers();
    await w.alarms.clear('refresh:kc:1');
    await w.alarms.set('refresh:kc', T, 60_000);
    w.clock.at += 600_000;
    w.http.queue.push(answer('alice', 2));
    await onAlarm(w.deps, 'refresh:kc');
    expect(w.http.sent.at(-1)?.body).toContain('refresh_token=RT-alice-1');
    expect(w.alarms.all.has('refresh:kc')).toBe(false);
    expect(w.alarms.all.has('refresh:kc:1')).toBe(true);
  });
});

/** Storage that stops the worker after `writes` writes: none after it happens. */
function dying(area: KeyValueArea, writes: number): KeyValueArea {
  let left = writes;
  const step = () => {
    if (left <= 0) throw new Error('worker stopped');
    left -= 1;
  };
  return {
    get: (keys) => area.get(keys),
    set: async (items) => {
      step();
      await area.set(items);
    },
    remove: async (keys) => {
      step();
      await area.remove(keys);
    },
  };
}

describe('a worker that dies while an identity is added or removed', () => {
  for (const action of ['add', 'remove'] as const) {
    it(`loses no other identity, and leaves no half identity (${action})`, async () => {
      for (let writes = 0; writes < 6; writes += 1) {
        const w = await twoUsers();
        if (action === 'add') w.http.queue.push(answer('carol', 1));
        const store = createStore(dying(w.local, writes), w.session);
        const deps = { ...w.deps, store };
        await (
          action === 'add'
            ? connect(deps, 'kc', { credentials: { username: 'carol', password: 'pw' }, add: {} })
            : disconnect(deps, 'kc', '2')
        ).catch(() => undefined);
        // The next worker starts.
        const next = { ...w.deps, store: createStore(w.local, w.session) };
        await repair(next);
        const list = await next.store.identities(keycloak());
        const names = list?.identities.map((i) => i.name);
        expect(names?.slice(0, action === 'add' ? 2 : 1), `after ${writes} writes`).toEqual(
          action === 'add' ? ['alice', 'bob'] : ['alice'],
        );
        for (const { key } of list?.identities ?? [])
          expect(await next.store.record(keycloak(), key), `${key} after ${writes}`).toBeDefined();
        const records = [...w.local.data.keys()].filter((k) => k.startsWith('identity:'));
        expect(records).toHaveLength(list?.identities.length ?? 0);
        expect((await next.store.record(keycloak(), '1'))?.tokens.refreshToken).toBe('RT-alice-1');
      }
    });
  }
});

describe('export and import', () => {
  it('exports no identity or token; an import that moves nothing keeps both, one that moves drops both', async () => {
    const w = await twoUsers();
    const exported = await exportAll(w.deps);
    if (!exported.ok) throw new Error(exported.error.message);
    for (const secret of ['RT-alice', 'RT-bob', 'alice', 'bob', 'identit'])
      expect(exported.value.text).not.toContain(secret);
    expect(await importAll(w.deps, exported.value.text, true)).toMatchObject({ ok: true });
    expect((await w.deps.store.identities(keycloak()))?.identities).toHaveLength(2);
    const moved = exported.value.text.replaceAll('127.0.0.1:7104', '127.0.0.1:7999');
    expect(await importAll(w.deps, moved, true)).toMatchObject({ ok: true });
    expect(await w.deps.store.identities(keycloak())).toBeUndefined();
    expect([...w.local.data.keys()].filter((k) => k.startsWith('identity:'))).toEqual([]);
  });
});

describe('a provider that signs in as its client', () => {
  it('connects, connects again, and has no second identity to add', async () => {
    const w = world();
    const pair = await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, [
      'sign',
      'verify',
    ]);
    const jwk = await crypto.subtle.exportKey('jwk', pair.privateKey);
    const koppeltaal = createProfile('koppeltaal', { id: 'kc', base: 'http://127.0.0.1:7101' });
    const client: Profile = {
      ...koppeltaal,
      client: { ...koppeltaal.client, clientId: 'machine' },
      secrets: { privateKeyJwk: { ...jwk, alg: 'ES256' } },
    };
    await w.deps.store.saveProfile(client, undefined);
    w.http.queue.push(answer('service', 1), answer('service', 2));
    expect(await connect(w.deps, 'kc')).toMatchObject({ ok: true, value: { added: true } });
    expect(await connect(w.deps, 'kc')).toMatchObject({ ok: true, value: { added: false } });
    const sent = w.http.sent.length;
    expect(await connect(w.deps, 'kc', { add: {} })).toMatchObject({
      ok: false,
      error: { code: 'one_identity' },
    });
    expect(w.http.sent).toHaveLength(sent);
  });
});
