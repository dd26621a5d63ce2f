import { describe, expect, it } from 'vitest';
import type { Secrets } from '../core/profile/types';
import { inspect, testRefresh } from './dev-tools';
import { status } from './status';
import { jsonResponse } from '../browser/fakes';
import { keycloak, world, signedIn } from './__fixtures__/world';

describe('Test refresh', () => {
  it('shows Basic client credentials as the scheme alone, and the rotated token masked', async () => {
    const w = world();
    const profile = keycloak({
      client: { clientId: 'integration-api', auth: 'client_secret_basic' },
      secrets: { clientSecret: 'S3CRET-long-value' },
    });
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, {
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

describe('every secret a profile can hold', () => {
  const secrets: Required<Secrets> = {
    clientSecret: 'secret-client-value',
    apiKey: 'secret-api-key-value',
    privateKeyJwk: { kty: 'RSA', alg: 'RS256', n: 'n', e: 'AQAB', d: 'secret-d', p: 'secret-p' },
  };
  const values = ['secret-client-value', 'secret-api-key-value', 'secret-d', 'secret-p'];

  it('is masked in the Test refresh report, in the error stored and shown, and never in the timeline', async () => {
    const w = world();
    const refresh = keycloak().refresh;
    if (!refresh) throw new Error('the Keycloak preset refreshes');
    const profile = keycloak({
      secrets,
      refresh: {
        ...refresh,
        params: [
          ...refresh.params,
          { name: 'api_key', in: 'query', from: 'apiKey' },
          { name: 'client_secret', in: 'form', from: 'clientSecret' },
        ],
      },
    });
    await w.deps.store.saveProfile(profile, undefined);
    await signedIn(w.deps.store, profile, {
      tokens: {
        accessToken: 'A1',
        tokenType: 'bearer',
        refreshToken: 'R1',
        obtainedAt: 0,
        expiresAt: 1,
      },
      status: 'fresh',
      timeline: [
        { kind: 'sign-in', obtainedAt: 0, expiresAt: 1, rotated: false, changedClaims: [] },
      ],
    });
    // A server that quotes back everything it was sent, and the private key for good measure.
    const quoted = `got ${values.join(' ')}`;
    w.http.queue.push(jsonResponse({ error: 'invalid_request', error_description: quoted }, 400));
    const report = await testRefresh(w.deps, 'kc');
    if (!report.ok) throw new Error(report.error.message);
    expect(report.value.request.url).toContain('api_key=');
    const seen = {
      report: JSON.stringify(report.value),
      status: JSON.stringify(await status(w.deps)),
      timeline: JSON.stringify(await inspect(w.deps, 'kc')),
      stored: JSON.stringify((await w.deps.store.record(profile))?.error),
    };
    for (const [where, text] of Object.entries(seen))
      for (const value of values) expect(text, `${value} in the ${where}`).not.toContain(value);
    // The refusal itself is there, masked: the user still reads what the provider said.
    expect(seen.report).toContain('got ••••');
  });
});
