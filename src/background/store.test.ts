import { describe, expect, it } from 'vitest';
import type { KeyValueArea } from '../browser/ports';
import { memoryArea } from '../browser/fakes';
import { keycloak } from './__fixtures__/world';
import { createStore, type ProviderRecord } from './store';

const tokens = (accessToken: string): ProviderRecord => ({
  tokens: { accessToken, tokenType: 'bearer', obtainedAt: 0, expiresAt: 1000 },
  status: 'fresh',
});

/** An area that counts its reads and can hold a read's answer back until `release()`. */
function countingArea() {
  const inner = memoryArea();
  let held: (() => void) | undefined;
  const area = {
    reads: 0,
    hold: false,
    release: () => held?.(),
    get: async (keys: Parameters<KeyValueArea['get']>[0]) => {
      area.reads += 1;
      const answer = await inner.get(keys);
      if (area.hold) await new Promise<void>((resolve) => (held = resolve));
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
    await store.putRecord(profile, tokens('A'));
    expect(await store.profile('kc')).toEqual(profile);
    expect(await store.record(profile)).toEqual(tokens('A'));
    expect(await store.profiles()).toEqual([profile]);
    await store.profiles();
    expect(await store.profile('none')).toBeUndefined();
    // One read of the whole area; everything else came from memory.
    expect(local.reads).toBe(1);
  });

  it('keeps a newer write over a read that was already under way', async () => {
    const local = countingArea();
    const profile = keycloak();
    await createStore(local, memoryArea()).putRecord(profile, tokens('old'));
    const store = createStore(local, memoryArea());
    local.hold = true;
    const slowRead = store.record(profile);
    await new Promise((resolve) => setTimeout(resolve, 0));
    local.hold = false;
    await store.putRecord(profile, tokens('new'));
    local.release();
    expect(await slowRead).toEqual(tokens('old'));
    expect(await store.record(profile)).toEqual(tokens('new'));
  });

  it('is gone with the worker: a new store reads storage', async () => {
    const local = memoryArea();
    const profile = keycloak();
    await createStore(local, memoryArea()).putRecord(profile, tokens('A'));
    const next = createStore(local, memoryArea());
    await createStore(local, memoryArea()).putRecord(profile, tokens('B'));
    expect(await next.record(profile)).toEqual(tokens('B'));
  });
});
