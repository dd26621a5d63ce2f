import { describe, expect, it } from 'vitest';
import type { KeyValueArea } from '../browser/ports';
import { memoryArea } from '../browser/fakes';
import { keycloak, signedIn } from './__fixtures__/world';
import type { ProviderRecord } from './records';
import { createStore } from './store';
import { identitiesKey, recordKey } from './storage-keys';

const tokens = (accessToken: string): ProviderRecord => ({
  tokens: { accessToken, tokenType: 'bearer', obtainedAt: 0, expiresAt: 1000 },
  status: 'fresh',
});

/** An area that counts its reads and can hold back the answer to a read of `hold` until `release()`. */
function countingArea() {
  const inner = memoryArea();
  let held: (() => void) | undefined;
  const area = {
    reads: 0,
    hold: undefined as string | undefined,
    release: () => held?.(),
    get: async (keys: Parameters<KeyValueArea['get']>[0]) => {
      area.reads += 1;
      const answer = await inner.get(keys);
      if (area.hold !== undefined && keys === area.hold)
        await new Promise<void>((resolve) => (held = resolve));
      return answer;
    },
    set: (items: Record<string, unknown>) => inner.set(items),
    remove: (keys: string | string[]) => inner.remove(keys),
  };
  return area;
}

describe('the store’s memory of what it wrote', () => {
  it('answers reads from memory once it has read or written a key', async () => {
    const local = countingArea();
    const store = createStore(local, memoryArea());
    const profile = keycloak();
    await store.saveProfile(profile, undefined);
    await signedIn(store, profile, tokens('A'));
    expect(await store.profile('kc')).toEqual(profile);
    expect(await store.record(profile)).toEqual(tokens('A'));
    expect(await store.profiles()).toEqual([profile]);
    await store.profiles();
    expect(await store.profile('none')).toBeUndefined();
    // The identity list, read once when the first record was written, and one read of the whole
    // area; everything else came from memory.
    expect(local.reads).toBe(2);
  });

  it('keeps a newer write over a read that was already under way', async () => {
    const local = countingArea();
    const profile = keycloak();
    await signedIn(createStore(local, memoryArea()), profile, tokens('old'));
    const store = createStore(local, memoryArea());
    local.hold = recordKey('kc', '1');
    const slowRead = store.record(profile);
    await new Promise((resolve) => setTimeout(resolve, 0));
    local.hold = undefined;
    await signedIn(store, profile, tokens('new'));
    local.release();
    expect(await slowRead).toEqual(tokens('old'));
    expect(await store.record(profile)).toEqual(tokens('new'));
  });

  it('is gone with the worker: a new store reads storage', async () => {
    const local = memoryArea();
    const profile = keycloak();
    await signedIn(createStore(local, memoryArea()), profile, tokens('A'));
    const next = createStore(local, memoryArea());
    await signedIn(createStore(local, memoryArea()), profile, tokens('B'));
    expect(await next.record(profile)).toEqual(tokens('B'));
  });
});

describe('what the store reads is parsed', () => {
  /** Two providers signed in, as a build of this version left them. */
  async function twoSignedIn() {
    const local = memoryArea();
    const session = memoryArea();
    const writer = createStore(local, session);
    for (const profile of [keycloak(), keycloak({ id: 'other' })]) {
      await writer.saveProfile(profile, undefined);
      await signedIn(writer, profile, tokens(`token-of-${profile.id}`));
    }
    return { local, session };
  }

  it('drops at start the records no list names, but not those of a list kept aside', async () => {
    const { local, session } = await twoSignedIn();
    // A worker died between an identity's record and its list; another provider's list is broken.
    local.data.set(recordKey('kc', '2'), tokens('half-added'));
    local.data.set(identitiesKey('other'), { active: '9', identities: [{ key: '1' }] });
    const store = createStore(local, session);
    await store.dropUnlisted();
    expect(local.data.has(recordKey('kc', '2'))).toBe(false);
    expect(local.data.get(recordKey('kc', '1'))).toEqual(tokens('token-of-kc'));
    expect(local.data.get(recordKey('other', '1'))).toEqual(tokens('token-of-other'));
    expect((await store.keptAside()).map((kept) => kept.key)).toEqual([identitiesKey('other')]);
  });

  it('keeps a record that does not parse aside, and every other provider keeps working', async () => {
    const { local, session } = await twoSignedIn();
    const broken = { tokens: { accessToken: 'x', expiresAt: 'tomorrow' }, status: 'fresh' };
    local.data.set(recordKey('kc', '1'), broken);
    const store = createStore(local, session, undefined, () => 42);
    expect(await store.record(keycloak())).toBeUndefined();
    expect(await store.record(keycloak({ id: 'other' }))).toEqual(tokens('token-of-other'));
    expect(await store.keptAside()).toEqual([
      {
        key: recordKey('kc', '1'),
        area: 'local',
        value: broken,
        reason: 'the tokens are not readable',
        keptAt: 42,
      },
    ]);
    // A new sign-in writes over the original; the copy aside stays until the user removes it.
    await signedIn(store, keycloak(), tokens('new'));
    const next = createStore(local, session);
    expect(await next.record(keycloak())).toEqual(tokens('new'));
    expect((await next.keptAside()).map((kept) => kept.value)).toEqual([broken]);
    await next.dropKeptAside(recordKey('kc', '1'), 'local');
    expect(await next.keptAside()).toEqual([]);
    expect(await next.record(keycloak())).toEqual(tokens('new'));
  });

  it('keeps a profile that does not parse aside with its wrong fields, once however often it is read', async () => {
    const { local, session } = await twoSignedIn();
    const broken = { ...keycloak(), refresh: { method: 'PUT', url: 'ftp://x' } };
    local.data.set('profile:kc', broken);
    for (let start = 0; start < 2; start += 1) {
      const store = createStore(local, session);
      expect((await store.profiles()).map((profile) => profile.id)).toEqual(['other']);
      expect(await store.profile('kc')).toBeUndefined();
    }
    const [kept, ...more] = await createStore(local, session).keptAside();
    expect(more).toEqual([]);
    expect(kept).toMatchObject({ key: 'profile:kc', area: 'local', value: broken });
    expect(kept?.reason).toMatch(/not a profile this version reads/);
    expect(kept?.fields?.map((field) => field.path)).toContain('refresh.method');
  });

  it('removes a kept-aside profile with the identities no profile reads any more', async () => {
    const { local, session } = await twoSignedIn();
    local.data.set('profile:kc', { ...keycloak(), id: 'someone-else' });
    const store = createStore(local, session);
    expect(await store.profiles()).toHaveLength(1);
    const [kept] = await store.keptAside();
    expect(kept?.reason).toBe('its id is not the one it is stored under');
    await store.dropKeptAside('profile:kc', 'local');
    expect([...local.data.keys()].filter((key) => key.includes(':kc'))).toEqual([]);
    expect(await store.record(keycloak({ id: 'other' }))).toEqual(tokens('token-of-other'));
  });

  it('does not remove an original that changed since it was kept aside', async () => {
    const { local, session } = await twoSignedIn();
    local.data.set(recordKey('other', '1'), 'garbage');
    const store = createStore(local, session);
    expect(await store.record(keycloak({ id: 'other' }))).toBeUndefined();
    local.data.set(recordKey('other', '1'), tokens('written by another build'));
    await store.dropKeptAside(recordKey('other', '1'), 'local');
    expect(local.data.get(recordKey('other', '1'))).toEqual(tokens('written by another build'));
  });
});
