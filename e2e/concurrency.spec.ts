import { expect, test } from './extension';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';

test('twenty triggers at once send exactly one refresh, and every caller gets its token', async ({
  extension,
  worker,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  servers.keycloak.reset();
  // A slow answer keeps the refresh in flight while the other triggers arrive.
  servers.keycloak.fault = { mode: 'slow', delayMs: 1500 };

  const [, replies] = await Promise.all([
    // The alarm, as if it fired now.
    worker.evaluate(() => chrome.alarms.create('refresh:keycloak:1', { when: Date.now() })),
    extension.page.evaluate(async () => {
      const refreshNow = Array.from({ length: 10 }, () =>
        chrome.runtime.sendMessage({ type: 'refresh', providerId: 'keycloak' }),
      );
      // More validity than the 1800 s token has left: each of these needs a refresh first.
      const tokens = Array.from({ length: 10 }, () =>
        chrome.runtime.sendMessage({
          type: 'getToken',
          providerId: 'keycloak',
          minValiditySeconds: 3600,
        }),
      );
      return Promise.all([...refreshNow, ...tokens]) as Promise<
        { ok: boolean; value: { expiresAt: number; accessToken?: string } }[]
      >;
    }),
  ]);

  expect(servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH)).toHaveLength(1);
  expect(replies).toHaveLength(20);
  for (const reply of replies) expect(reply.ok).toBe(true);
  const current = await extension.ask({ type: 'getToken', providerId: 'keycloak' });
  if (!current.ok) throw new Error(current.error.message);
  expect(new Set(replies.slice(0, 10).map((r) => r.value.expiresAt))).toEqual(
    new Set([current.value.expiresAt]),
  );
  expect(new Set(replies.slice(10).map((r) => r.value.accessToken))).toEqual(
    new Set([current.value.accessToken]),
  );
});
