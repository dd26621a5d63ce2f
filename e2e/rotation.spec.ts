import { expect, test } from './extension';

test('oidc-provider rotates the refresh token on five refreshes in a row, with no reuse error', async ({
  extension,
  servers,
  profiles,
}) => {
  await extension.connected(profiles.oidc);
  const seen: string[] = [];
  for (let i = 0; i < 5; i += 1) {
    // A Refresh now within a second of the last refresh's end joins it (a double click).
    await extension.page.waitForTimeout(1100);
    expect(await extension.ask({ type: 'refresh', providerId: 'oidc' })).toMatchObject({
      ok: true,
    });
    const token = await extension.ask({ type: 'getToken', providerId: 'oidc' });
    if (!token.ok) throw new Error(token.error.message);
    seen.push(token.value.accessToken);
  }
  const refreshes = servers.oidc
    .tokenRequests()
    .filter((r) => r.form?.['grant_type'] === 'refresh_token');
  expect(refreshes).toHaveLength(5);
  // Each refresh used the token the one before it returned: all different.
  expect(new Set(refreshes.map((r) => r.form?.['refresh_token'])).size).toBe(5);
  expect(new Set(seen).size).toBe(5);
  expect((await extension.view('oidc')).status).toBe('fresh');
});
