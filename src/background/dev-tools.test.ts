import { describe, expect, it } from 'vitest';
import { testRefresh } from './dev-tools';
import { jsonResponse } from '../browser/fakes';
import { keycloak, world } from './__fixtures__/world';

describe('Test refresh', () => {
  it('shows Basic client credentials as the scheme alone, and the rotated token masked', async () => {
    const w = world();
    const profile = keycloak({
      client: { clientId: 'integration-api', auth: 'client_secret_basic' },
      secrets: { clientSecret: 'S3CRET-long-value' },
    });
    await w.deps.store.saveProfile(profile, undefined);
    await w.deps.store.putRecord(profile, {
      tokens: {
        accessToken: 'A1',
        tokenType: 'bearer',
        refreshToken: 'R1',
        obtainedAt: 0,
        expiresAt: 1,
      },
      status: 'fresh',
    });
    // The new refresh token comes in a response it cannot read as tokens (no token_type).
    w.http.queue.push(jsonResponse({ access_token: 'A2', refresh_token: 'unseen-rotated-token' }));
    const report = await testRefresh(w.deps, 'kc');
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.request.headers['authorization']).toBe('Basic ••••');
    // The fake server takes 5 ms of the test clock to answer.
    expect(report.value.response?.ms).toBe(5);
    const shown = JSON.stringify(report.value);
    expect(shown).not.toContain(
      Buffer.from('integration-api:S3CRET-long-value').toString('base64'),
    );
    expect(shown).not.toContain('unseen-rotated-token');
    expect(shown).not.toContain('S3CRET');
  });
});
