import { describe, expect, it } from 'vitest';
import { jsonResponse } from '../browser/fakes';
import { apiRejected } from './api-rejected';
import { keycloak, world, type TestWorld, signedIn } from './__fixtures__/world';

const T = 1_700_000_000_000;
const API = 'http://127.0.0.1:7200/api/';

async function connected(w: TestWorld) {
  const profile = keycloak({ inject: [API] });
  await w.deps.store.saveProfile(profile, undefined);
  await signedIn(w.deps.store, profile, {
    tokens: {
      accessToken: 'access-1',
      tokenType: 'bearer',
      refreshToken: 'refresh-1',
      obtainedAt: T - 60_000,
      expiresAt: T - 60_000 + 1_800_000,
    },
    status: 'fresh',
  });
  return profile;
}
const newToken = () =>
  jsonResponse({ access_token: 'access-2', token_type: 'bearer', expires_in: 1800 });

describe('apiRejected', () => {
  it('refreshes the injected token once when the API refuses it, and not again for the same token', async () => {
    const w = world();
    const profile = await connected(w);
    w.http.queue.push(newToken());
    const refused = { url: `${API}me`, at: T, initiator: 'http://127.0.0.1:7200' };
    await apiRejected(w.deps, refused);
    expect(w.http.sent).toHaveLength(1);
    expect((await w.deps.store.record(profile))?.tokens.accessToken).toBe('access-2');
    // An answer to a request the old token went out with, arriving late: nothing more.
    await apiRejected(w.deps, refused);
    w.clock.at += 4_000;
    await apiRejected(w.deps, { ...refused, at: w.clock.at });
    expect(w.http.sent).toHaveLength(1);
    // The new token refused well after it was obtained: refreshed once more.
    w.clock.at += 2_000;
    w.http.queue.push(newToken());
    await apiRejected(w.deps, { ...refused, at: w.clock.at });
    expect(w.http.sent).toHaveLength(2);
  });

  it('ignores a 401 outside the prefixes, or to a page that gets no header', async () => {
    const w = world();
    await connected(w);
    await apiRejected(w.deps, { url: 'http://127.0.0.1:7200/other', at: T });
    await apiRejected(w.deps, { url: `${API}me`, at: T, initiator: 'https://evil.example' });
    await apiRejected(w.deps, { url: `${API}me`, at: T, initiator: 'not a url' });
    expect(w.http.sent).toHaveLength(0);
  });

  it('counts an API opened in a tab (no initiator) as sent with the token', async () => {
    const w = world();
    await connected(w);
    w.http.queue.push(newToken());
    await apiRejected(w.deps, { url: `${API}me`, at: T });
    expect(w.http.sent).toHaveLength(1);
  });
});
