import { describe, expect, it } from 'vitest';
import { memoryArea, memoryLocks } from '../browser/fakes';
import { createConsentStore } from './consent-store';
import { createStore } from './store';

const APP = 'http://localhost:3000';

describe('consent lists as stored are parsed', () => {
  it('uses the readable entries of a list and keeps the list as stored aside', async () => {
    const local = memoryArea();
    const session = memoryArea();
    const stored = [
      { origin: APP, provider: 'kc', grantedAt: 1 },
      { origin: APP, provider: 42 },
    ];
    local.data.set('grants', stored);
    local.data.set('sites', 'http://localhost:3000');
    const consent = createConsentStore(local, session, memoryLocks(), () => 7);
    expect(await consent.grants()).toEqual([stored[0]]);
    expect(await consent.sites()).toEqual([]);
    const kept = await createStore(local, session).keptAside();
    expect(kept).toEqual([
      {
        key: 'grants',
        area: 'local',
        value: stored,
        reason: '1 of its 2 entries is not readable',
        keptAt: 7,
      },
      { key: 'sites', area: 'local', value: APP, reason: 'it is not a list', keptAt: 7 },
    ]);
    // A change writes the readable entries; the copy aside stays, and removing it leaves them be.
    await consent.changeGrants((grants) => [
      ...grants,
      { origin: APP, provider: 'fos', grantedAt: 2 },
    ]);
    expect(local.data.get('grants')).toHaveLength(2);
    await createStore(local, session).dropKeptAside('grants', 'local');
    expect(local.data.get('grants')).toHaveLength(2);
    expect(local.data.has('aside:grants')).toBe(false);
  });

  it('leaves a removed copy’s list in use even while it is unchanged', async () => {
    const local = memoryArea();
    const stored = [{ origin: APP, provider: 'kc', grantedAt: 1 }, null];
    local.data.set('grants', stored);
    const consent = createConsentStore(local, memoryArea(), memoryLocks());
    await consent.grants();
    await createStore(local, memoryArea()).dropKeptAside('grants', 'local');
    expect(await consent.grants()).toEqual([stored[0]]);
  });
});
