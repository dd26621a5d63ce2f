import { describe, expect, it } from 'vitest';
import { handlePageRequest, type AskUser } from './page-requests';
import { revokeGrant } from './access';
import { jsonResponse, laterArea } from '../browser/fakes';
import { createConsentStore } from './consent-store';
import {
  autoPrompts,
  keycloak,
  keycloakSignedIn,
  world,
  type TestWorld,
  signedIn,
} from './__fixtures__/world';

const T = 1_700_000_000_000;
const APP = 'http://127.0.0.1:7200';
const ask = { type: 'getToken', provider: 'kc' };

/** A page's request as the worker gets it: through `externally_connectable` unless told. */
const request = (
  w: TestWorld,
  askUser: AskUser,
  origin: unknown,
  message: unknown = ask,
  via: 'bridge' | 'externally_connectable' = 'externally_connectable',
) => handlePageRequest(w.deps, askUser, origin, message, via);

const connected = (w: TestWorld, over: Parameters<typeof keycloak>[0] = {}) =>
  keycloakSignedIn(w, T, over);

describe('handlePageRequest', () => {
  it('asks once, then gives an allowed origin its access token and nothing more', async () => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(true);
    const first = await request(w, prompts.ask, APP);
    expect(first).toEqual({
      ok: true,
      value: { accessToken: 'AT', tokenType: 'bearer', expiresAt: T + 1_800_000 },
    });
    expect(asked).toEqual([
      {
        requestId: 'request-1',
        origin: APP,
        provider: 'kc',
        name: 'Keycloak (apiax realm)',
        host: '127.0.0.1:7104',
        inject: '',
      },
    ]);
    await request(w, prompts.ask, APP);
    expect(asked).toHaveLength(1);
    expect(await w.deps.consent.audit()).toEqual([
      { origin: APP, provider: 'kc', at: T },
      { origin: APP, provider: 'kc', at: T },
    ]);
    expect(JSON.stringify(await w.deps.consent.audit())).not.toContain('AT');
  });

  it('remembers a "no" for a while, without asking again', async () => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(false);
    expect(await request(w, prompts.ask, APP)).toMatchObject({
      ok: false,
      error: { code: 'denied' },
    });
    expect(await request(w, prompts.ask, APP)).toMatchObject({
      ok: false,
      error: { code: 'denied' },
    });
    expect(asked).toHaveLength(1);
    w.clock.at += 11 * 60_000;
    await request(w, prompts.ask, APP);
    expect(asked).toHaveLength(2);
  });

  it('treats another port, scheme or host as another origin', async () => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(true);
    await request(w, prompts.ask, APP);
    const others = ['http://127.0.0.1:7201', 'https://127.0.0.1:7200', 'http://localhost:7200'];
    const { prompts: no } = autoPrompts(false);
    for (const origin of others) {
      expect(await request(w, no.ask, origin)).toMatchObject({
        ok: false,
        error: { code: 'denied' },
      });
    }
    expect(asked).toHaveLength(1);
  });

  it('opens one prompt for many requests from one origin', async () => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(true);
    const replies = await Promise.all(
      Array.from({ length: 50 }, () => request(w, prompts.ask, APP)),
    );
    expect(asked).toHaveLength(1);
    expect(replies.every((r) => r.ok)).toBe(true);
  });

  it.each([
    ['an opaque origin', 'null', ask, 'denied'],
    ['no origin at all', undefined, ask, 'denied'],
    ['a data: origin', 'data:text/html,x', ask, 'denied'],
    ['an unknown request', APP, { type: 'getRefreshToken', provider: 'kc' }, 'bad_request'],
    // A site never allowed learns nothing of which providers exist.
    ['an unknown provider', APP, { type: 'getToken', provider: 'nope' }, 'denied'],
  ])('refuses %s without asking the user', async (_name, origin, message, code) => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(true);
    expect(await request(w, prompts.ask, origin, message)).toMatchObject({
      ok: false,
      error: { code },
    });
    expect(asked).toHaveLength(0);
  });

  it('answers an unknown provider and a refused known one alike to a site never allowed', async () => {
    const w = world();
    await connected(w);
    const { prompts } = autoPrompts(false);
    const known = await request(w, prompts.ask, APP);
    const unknown = await request(w, prompts.ask, APP, { type: 'getToken', provider: 'nope' });
    expect(unknown).toEqual(known);
    // A site allowed for some provider is told of a typo.
    await w.deps.consent.changeGrants(() => [{ origin: APP, provider: 'kc', grantedAt: T }]);
    expect(
      await request(w, prompts.ask, APP, { type: 'getToken', provider: 'nope' }),
    ).toMatchObject({ ok: false, error: { code: 'unknown_provider' } });
  });

  it('refuses a second provider while a question to that site is open, and remembers no "no" for it', async () => {
    const w = world();
    await connected(w);
    await w.deps.store.saveProfile(keycloak({ id: 'kc2', name: 'Other' }), undefined);
    const { prompts, asked } = autoPrompts('never');
    void request(w, prompts.ask, APP);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(asked).toHaveLength(1);
    expect(await request(w, prompts.ask, APP, { type: 'getToken', provider: 'kc2' })).toMatchObject(
      { ok: false, error: { code: 'denied' } },
    );
    expect(await w.deps.consent.denials()).toEqual([]);
  });

  it('audits every one of 100 hand-outs at once, and a Revoke made meanwhile stays revoked', async () => {
    const base = world();
    // Storage that answers in a later task, as the browser's does.
    const consent = createConsentStore(
      laterArea(base.local),
      laterArea(base.session),
      base.deps.locks,
    );
    const w = { ...base, deps: { ...base.deps, consent } };
    await connected(w);
    await w.deps.store.saveProfile(keycloak({ id: 'kc2', name: 'Other' }), undefined);
    await w.deps.consent.changeGrants(() => [
      { origin: APP, provider: 'kc', grantedAt: T },
      { origin: APP, provider: 'kc2', grantedAt: T },
    ]);
    const { prompts } = autoPrompts(true);
    const handOuts = Array.from({ length: 100 }, () => request(w, prompts.ask, APP));
    // A consent answer for another site is stored while the user revokes kc2 for APP.
    const other = request(w, prompts.ask, 'http://localhost:3000');
    const revoked = revokeGrant(w.deps, APP, 'kc2');
    const replies = await Promise.all([...handOuts, other, revoked]);
    expect(replies.every((r) => r.ok)).toBe(true);
    expect(await w.deps.consent.audit()).toHaveLength(101);
    expect((await w.deps.consent.grants()).map((g) => `${g.origin} ${g.provider}`)).toEqual([
      `${APP} kc`,
      'http://localhost:3000 kc',
    ]);
  });

  it('cannot make every call a refresh: a page asks for at most half the token’s lifetime', async () => {
    const w = world();
    await connected(w);
    await w.deps.consent.changeGrants(() => [{ origin: APP, provider: 'kc', grantedAt: T }]);
    for (let i = 0; i < 10; i += 1) {
      w.http.queue.push(
        jsonResponse({
          access_token: `A${i}`,
          token_type: 'bearer',
          expires_in: 1800,
          refresh_token: 'RT',
        }),
      );
    }
    const greedy = { type: 'getToken', provider: 'kc', minValiditySeconds: 86_400 };
    for (let i = 0; i < 10; i += 1) {
      expect(await request(w, autoPrompts(true).prompts.ask, APP, greedy)).toMatchObject({
        ok: true,
      });
    }
    expect(w.http.sent).toHaveLength(0);
    // Past half its lifetime, the next greedy call refreshes once.
    w.clock.at = T + 1_000_000;
    for (let i = 0; i < 3; i += 1) await request(w, autoPrompts(true).prompts.ask, APP, greedy);
    expect(w.http.sent).toHaveLength(1);
  });

  it('replaces a token the page’s API refused: one refresh per token, however often it is said', async () => {
    const w = world();
    await connected(w);
    await w.deps.consent.changeGrants(() => [{ origin: APP, provider: 'kc', grantedAt: T }]);
    const fresh = (token: string) =>
      jsonResponse({
        access_token: token,
        token_type: 'bearer',
        expires_in: 1800,
        refresh_token: 'RT2',
      });
    w.http.queue.push(fresh('AT2'), fresh('AT3'));
    const rejected = { ...ask, rejected: 'AT' };
    const { prompts } = autoPrompts(true);
    w.clock.at += 1000;
    // Three pages say so at once: one refresh, and all get its token.
    const replies = await Promise.all([1, 2, 3].map(() => request(w, prompts.ask, APP, rejected)));
    expect(replies.map((r) => r.ok && r.value.accessToken)).toEqual(['AT2', 'AT2', 'AT2']);
    expect(w.http.sent).toHaveLength(1);
    expect(w.http.sent[0]?.body).toContain('refresh_token=RT');
    // The old token said again, long after: nothing to do, the current token comes back.
    w.clock.at += 60_000;
    expect(await request(w, prompts.ask, APP, rejected)).toMatchObject({
      ok: true,
      value: { accessToken: 'AT2' },
    });
    expect(w.http.sent).toHaveLength(1);
  });

  it('does not refresh for a rejected token while a backoff runs, nor for a site never allowed', async () => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(false);
    // Not allowed: the user says no, and nothing is sent.
    expect(
      await request(w, prompts.ask, 'http://127.0.0.1:7300', { ...ask, rejected: 'AT' }),
    ).toMatchObject({ ok: false, error: { code: 'denied' } });
    expect(w.http.sent).toHaveLength(0);
    expect(asked).toHaveLength(1);
    const record = await w.deps.store.record(keycloak());
    if (!record) throw new Error('not signed in');
    await signedIn(w.deps.store, keycloak(), {
      ...record,
      status: 'error',
      failures: { count: 1, lastAt: T, retryAt: T + 30_000 },
    });
    await w.deps.consent.changeGrants(() => [{ origin: APP, provider: 'kc', grantedAt: T }]);
    await request(w, autoPrompts(true).prompts.ask, APP, { ...ask, rejected: 'AT' });
    expect(w.http.sent).toHaveLength(0);
  });

  it('says "needs sign-in" for a provider that is not connected', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak(), undefined);
    const { prompts } = autoPrompts(true);
    expect(await request(w, prompts.ask, APP)).toMatchObject({
      ok: false,
      error: { code: 'needs_sign_in' },
    });
  });
});

describe('handlePageRequest through the bridge', () => {
  it('answers a listed site, and refuses every other origin without asking', async () => {
    const w = world();
    await connected(w);
    await w.deps.consent.changeSites(() => [APP]);
    const { prompts, asked } = autoPrompts(true);
    expect(await request(w, prompts.ask, APP, ask, 'bridge')).toMatchObject({
      ok: true,
      value: { accessToken: 'AT' },
    });
    for (const origin of ['http://127.0.0.1:7201', 'https://127.0.0.1:7200', 'null', undefined]) {
      expect(await request(w, prompts.ask, origin, ask, 'bridge')).toMatchObject({
        ok: false,
        error: { code: 'denied' },
      });
    }
    expect(asked).toHaveLength(1);
  });
});
