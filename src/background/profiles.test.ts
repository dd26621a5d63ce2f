import { describe, expect, it } from 'vitest';
import { saveProfile } from './profiles';
import { keycloak, signedIn, world } from './__fixtures__/world';

const T = 1_700_000_000_000;
const APP = 'http://127.0.0.1:7200';

describe('changing a provider’s id', () => {
  it('moves the profile and the pages it allowed to the new id, and leaves nothing under the old', async () => {
    const w = world();
    const profile = keycloak({ inject: ['http://127.0.0.1:7200/api/'] });
    await w.deps.store.saveProfile(profile, undefined);
    await w.deps.consent.changeGrants(() => [{ origin: APP, provider: 'kc', grantedAt: T }]);
    // Its header prefix is its own, not another profile's.
    const reply = await saveProfile(w.deps, { ...profile, id: 'team-kc' }, true, 'kc');
    expect(reply).toEqual({ ok: true, value: { id: 'team-kc', signedOut: false } });
    expect(await w.deps.store.profile('kc')).toBeUndefined();
    expect((await w.deps.store.profile('team-kc'))?.name).toBe(keycloak().name);
    expect(await w.deps.consent.grants()).toEqual([
      { origin: APP, provider: 'team-kc', grantedAt: T },
    ]);
  });

  it('refuses while the provider is signed in, and when the new id is taken, at the Id field', async () => {
    const w = world();
    await w.deps.store.saveProfile(keycloak(), undefined);
    await w.deps.store.saveProfile(keycloak({ id: 'other', name: 'Other' }), undefined);
    const taken = await saveProfile(w.deps, { ...keycloak(), id: 'other' }, true, 'kc');
    expect(!taken.ok && taken.error.fields).toEqual([
      { path: 'id', message: 'is already Other’s' },
    ]);
    await signedIn(w.deps.store, keycloak(), {
      tokens: { accessToken: 'AT', tokenType: 'bearer', obtainedAt: T, expiresAt: T + 60_000 },
      status: 'fresh',
    });
    const whileIn = await saveProfile(w.deps, { ...keycloak(), id: 'new' }, true, 'kc');
    expect(!whileIn.ok && whileIn.error.fields?.[0]?.message).toMatch(
      /^can change only while .* is not signed in/,
    );
    expect(await w.deps.store.profile('new')).toBeUndefined();
    expect(await w.deps.store.record(keycloak())).toBeDefined();
  });
});
