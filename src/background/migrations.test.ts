import { describe, expect, it } from 'vitest';
import type { KeyValueArea } from '../browser/ports';
import { memoryArea } from '../browser/fakes';
import { keycloak } from './__fixtures__/world';
import { MIGRATIONS, migrate } from './migrations';
import type { ProviderRecord } from './records';
import { SCHEMA_KEY, SCHEMA_VERSION } from './storage-keys';
import { createStore } from './store';

const record = (accessToken: string): ProviderRecord => ({
  tokens: { accessToken, tokenType: 'bearer', obtainedAt: 0, expiresAt: 1000 },
  status: 'fresh',
  timeline: [
    { kind: 'sign-in', obtainedAt: 0, expiresAt: 1000, rotated: false, changedClaims: [] },
  ],
});

/** What a build before versions left: two providers signed in, one in each area, and grants. */
function schemaZero() {
  const local = memoryArea();
  const session = memoryArea();
  local.data.set('profile:kc', keycloak());
  local.data.set('profile:kc-session', keycloak({ id: 'kc-session', forgetOnClose: true }));
  local.data.set('provider:kc', record('local-token'));
  session.data.set('provider:kc-session', record('session-token'));
  local.data.set('grants', [{ origin: 'http://localhost:3000', provider: 'kc', grantedAt: 1 }]);
  return { local, session };
}

class Killed extends Error {}

/**
 * The area as a worker that stops after `budget` writes sees it: the write that meets the end
 * stops half done when it writes several keys (only its first key lands), and throws.
 */
function dyingArea(area: KeyValueArea, worker: { budget: number }): KeyValueArea {
  const spend = () => {
    worker.budget -= 1;
    return worker.budget < 0;
  };
  return {
    get: (keys) => area.get(keys),
    set: async (items) => {
      if (!spend()) return area.set(items);
      const [first] = Object.entries(items);
      if (first) await area.set({ [first[0]]: first[1] });
      throw new Killed();
    },
    remove: async (keys) => {
      if (spend()) throw new Killed();
      return area.remove(keys);
    },
  };
}

const contents = (areas: {
  local: { data: Map<string, unknown> };
  session: { data: Map<string, unknown> };
}) => ({
  local: Object.fromEntries(areas.local.data),
  session: Object.fromEntries(areas.session.data),
});

describe('migrations', () => {
  it('are numbered one after another, up to the version this build reads', () => {
    expect(MIGRATIONS.map((m) => m.to)).toEqual(
      Array.from({ length: SCHEMA_VERSION }, (_, i) => i + 1),
    );
  });

  it('turn a sign-in stored before versions into the first identity, in both areas', async () => {
    const before = schemaZero();
    await migrate(before.local, before.session);
    const store = createStore(before.local, before.session);
    expect(await store.record(keycloak())).toEqual(record('local-token'));
    expect(await store.record(keycloak({ id: 'kc-session', forgetOnClose: true }))).toEqual(
      record('session-token'),
    );
    expect(before.local.data.get(SCHEMA_KEY)).toBe(SCHEMA_VERSION);
    expect([...before.local.data.keys(), ...before.session.data.keys()]).not.toContain(
      'provider:kc',
    );
    expect(before.local.data.get('grants')).toEqual([
      { origin: 'http://localhost:3000', provider: 'kc', grantedAt: 1 },
    ]);
    expect(await store.keptAside()).toEqual([]);
  });

  it('are what makes the sign-in readable: without them it is not found', async () => {
    const before = schemaZero();
    expect(await createStore(before.local, before.session).record(keycloak())).toBeUndefined();
  });

  it('do nothing the second time, and nothing to data already at this version', async () => {
    const areas = schemaZero();
    await migrate(areas.local, areas.session);
    const once = contents(areas);
    await migrate(areas.local, areas.session);
    expect(contents(areas)).toEqual(once);
  });

  it('lose nothing and leave nothing half done when the worker stops at any write', async () => {
    const whole = schemaZero();
    await migrate(whole.local, whole.session);
    const expected = contents(whole);
    let budget = 0;
    for (; ; budget += 1) {
      const areas = schemaZero();
      const worker = { budget };
      let died = false;
      try {
        await migrate(dyingArea(areas.local, worker), dyingArea(areas.session, worker));
      } catch (error) {
        if (!(error instanceof Killed)) throw error;
        died = true;
      }
      if (!died) break;
      // The next worker's start finishes the job, with the same outcome as one that never stopped.
      await migrate(areas.local, areas.session);
      expect(contents(areas), `stopped after ${budget} writes`).toEqual(expected);
    }
    // Every write was a place to stop: 2 areas × (copy + removal) + the version.
    expect(budget).toBe(5);
  });

  it('leave data from a newer build as it is', async () => {
    const areas = schemaZero();
    areas.local.data.set(SCHEMA_KEY, SCHEMA_VERSION + 1);
    const before = contents(areas);
    await migrate(areas.local, areas.session);
    expect(contents(areas)).toEqual(before);
  });
});
