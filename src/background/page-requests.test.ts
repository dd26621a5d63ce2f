import { describe, expect, it } from 'vitest';
import { handlePageRequest, type AskUser } from './page-requests';
import { autoPrompts, keycloak, world, type TestWorld } from './test-world';

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

async function connected(w: TestWorld) {
  const profile = keycloak();
  await w.deps.store.saveProfile(profile, undefined);
  await w.deps.store.putRecord(profile, {
    tokens: {
      accessToken: 'AT',
      tokenType: 'bearer',
      refreshToken: 'RT',
      idToken: 'IT',
      obtainedAt: T,
      expiresAt: T + 1_800_000,
    },
    status: 'fresh',
  });
}

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
      { requestId: 'request-1', origin: APP, provider: 'kc', name: 'Keycloak (apiax realm)' },
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
    ['an unknown provider', APP, { type: 'getToken', provider: 'nope' }, 'unknown_provider'],
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
    await w.deps.consent.putSites([APP]);
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
