import { expect, rowAction, test } from './extension';
import { KEYCLOAK_REVOKE_PATH } from './servers/keycloak';
import { json } from './servers/harness';

test('disconnect revokes the refresh token (RFC 7009) where it can, and always wipes the provider', async ({
  extension,
  servers,
  profiles,
}) => {
  const revocations = {
    keycloak: () => servers.keycloak.tokenRequests(KEYCLOAK_REVOKE_PATH),
    oidc: () => servers.oidc.tokenRequests('/token/revocation'),
  };
  for (const name of ['keycloak', 'oidc'] as const) {
    await extension.connected(profiles[name]);
    expect(await extension.ask({ type: 'disconnect', providerId: name })).toEqual({
      ok: true,
      value: {
        revoked: true,
        message: 'Disconnected; the refresh token was revoked at the provider.',
      },
    });
    const [revocation] = revocations[name]();
    expect(revocation?.form).toMatchObject({
      token_type_hint: 'refresh_token',
      client_id: expect.any(String),
    });
    expect(servers[name].issued).toContain(revocation?.form?.['token']);
    expect((await extension.view(name)).status).toBe('signed-out');
    expect(await extension.ask({ type: 'getToken', providerId: name })).toMatchObject({
      ok: false,
      error: { code: 'signed_out' },
    });
  }

  // No revocation endpoint: nothing to tell the provider, but the tokens go all the same.
  await extension.connected(profiles.uitid);
  expect(await extension.ask({ type: 'disconnect', providerId: 'uitid' })).toEqual({
    ok: true,
    value: {
      revoked: false,
      message:
        'Disconnected. This provider has no revocation endpoint in its profile: the refresh token stays valid there until it expires.',
    },
  });
  expect((await extension.view('uitid')).status).toBe('signed-out');

  const left = await extension.page.evaluate(async () => ({
    alarms: (await chrome.alarms.getAll()).map((a) => a.name),
    keys: Object.keys(await chrome.storage.local.get(null)),
  }));
  expect(left.alarms).toEqual([]);
  // The profiles stay (without tokens), and the note that the welcome tab was shown.
  expect(left.keys.sort()).toEqual([
    'profile:keycloak',
    'profile:oidc',
    'profile:uitid',
    'schema',
    'welcomedAt',
  ]);
});

test('a notification warns before the refresh token runs out', async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout(90_000);
  servers.keycloak.settings.refreshSeconds = 40;
  await extension.connected(profiles.keycloak);
  // Warned a tenth of the 40 s lifetime ahead, but no sooner than the 30 s alarm floor.
  await expect
    .poll(() => extension.page.evaluate(() => chrome.notifications.getAll()), {
      timeout: 60_000,
      intervals: [1000],
    })
    .toHaveProperty(['expiry-warning:keycloak:1']);
});

test('Disconnect says when revocation failed, so the user knows the refresh token may still work', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.keycloak);
  const { page } = extension;
  await page.reload();
  servers.keycloak.rewrite = () =>
    json(401, { error: 'invalid_client', error_description: 'client authentication failed' });
  await (await rowAction(page.locator('[data-provider="keycloak"]'), 'Disconnect')).click();
  await expect(page.getByRole('status')).toHaveText(
    'Disconnect Keycloak (apiax realm): Disconnected, but revocation failed (the provider refused the request (401): invalid_client: client authentication failed): the refresh token may still be valid at the provider.',
  );
  expect((await extension.view('keycloak')).status).toBe('signed-out');
});
