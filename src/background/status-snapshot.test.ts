import { describe, expect, it } from 'vitest';
import { jsonResponse, memoryArea } from '../browser/fakes';
import { STATUS_SNAPSHOT, type ProviderView, type Replies } from '../shared/protocol';
import type { Deps } from './deps';
import { refreshProvider } from './refresh';
import { statusView } from './status';
import { snapshotKeeper } from './status-snapshot';
import { createStore } from './store';
import { keycloak, world, signedIn } from './__fixtures__/world';

/** A test world whose store keeps the popup's snapshot, as the worker's does. */
function withSnapshot() {
  const w = world();
  const keeper = snapshotKeeper(w.session, () => statusView(deps));
  const deps: Deps = { ...w.deps, store: createStore(w.local, w.session, keeper.changed) };
  const shown = () =>
    (w.session.data.get(STATUS_SNAPSHOT) as Replies['status'] | undefined)?.providers;
  return { w, deps, keeper, shown };
}

describe('the popup’s status snapshot', () => {
  it('shows “refreshing” while the request is out, then the new expiry, with no token in it', async () => {
    const { w, deps, keeper, shown } = withSnapshot();
    const profile = keycloak();
    await deps.store.saveProfile(profile, undefined);
    await signedIn(deps.store, profile, {
      tokens: {
        accessToken: 'access-1',
        tokenType: 'bearer',
        refreshToken: 'refresh-1',
        obtainedAt: w.clock.at,
        expiresAt: w.clock.at + 60_000,
      },
      status: 'fresh',
    });
    let duringRequest: readonly ProviderView[] | undefined;
    const send = w.http.send.bind(w.http);
    w.http.send = async (request, timeout) => {
      await keeper.idle();
      duringRequest = shown();
      return send(request, timeout);
    };
    w.http.queue.push(
      jsonResponse({ access_token: 'access-2', token_type: 'bearer', expires_in: 1800 }),
    );
    await refreshProvider(deps, profile.id, { force: true });
    await keeper.idle();

    expect(duringRequest).toMatchObject([{ id: 'kc', status: 'refreshing' }]);
    expect(shown()).toMatchObject([
      { id: 'kc', status: 'fresh', expiresAt: w.clock.at - 5 + 1_800_000 },
    ]);
    const text = JSON.stringify(w.session.data.get(STATUS_SNAPSHOT));
    for (const secret of ['access-1', 'access-2', 'refresh-1']) expect(text).not.toContain(secret);
  });

  it('writes once more for the changes made while it wrote, ending with the last state', async () => {
    const session = memoryArea();
    const writes: unknown[] = [];
    const area = {
      ...session,
      set: async (items: Record<string, unknown>) => {
        writes.push(items[STATUS_SNAPSHOT]);
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
    };
    let version = 0;
    const keeper = snapshotKeeper(area, () =>
      Promise.resolve({ providers: [{ name: `v${version}` } as ProviderView] }),
    );
    version = 1;
    keeper.changed(); // starts a write of v1 at once
    for (const next of [2, 3, 4, 5]) {
      version = next;
      keeper.changed(); // while v1 is written
    }
    await keeper.idle();
    expect(writes).toEqual([{ providers: [{ name: 'v1' }] }, { providers: [{ name: 'v5' }] }]);
  });

  it('keeps the last snapshot when a write fails, and writes again at the next change', async () => {
    let fail = true;
    const written: unknown[] = [];
    const area = {
      ...memoryArea(),
      set: (items: Record<string, unknown>) => {
        if (fail) return Promise.reject(new Error('quota'));
        written.push(items[STATUS_SNAPSHOT]);
        return Promise.resolve();
      },
    };
    const keeper = snapshotKeeper(area, () => Promise.resolve({ providers: [] }));
    keeper.changed();
    await keeper.idle();
    fail = false;
    keeper.changed();
    await keeper.idle();
    expect(written).toEqual([{ providers: [] }]);
  });
});
