import { mkdir, rm, writeFile } from 'node:fs/promises';
import { exportProfiles } from '../src/core/profile/transfer';
import type { Profile } from '../src/core/profile/types';
import { CREDENTIALS, EXTENSION_ID } from './servers/all';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';
import { Extension, expect, launchWithExtension, serviceWorkerOf, test } from './extension';

/** Chromium's managed-policy folder on Linux: every JSON file in it is read, and watched. */
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/token-keeper-e2e.json`;

/** Writes the extension's policy as an administrator would: Chromium reloads it within seconds. */
const setPolicy = (policy: Record<string, unknown>) =>
  writeFile(
    POLICY_FILE,
    JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }),
  );

/** Waits until the worker has applied a policy change (Chromium reads the folder again in ~5 s). */
async function until(
  extension: Extension,
  id: string,
  check: (name: string | undefined) => boolean,
) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    const reply = await extension.ask({ type: 'status' });
    const name = reply.ok ? reply.value.providers.find((p) => p.id === id)?.name : undefined;
    if (check(name)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error('the policy change was not applied within 30 s');
}

test.describe('a team’s profiles and sites set by Chromium’s managed policy', () => {
  test.skip(
    process.getuid?.() !== 0,
    'writes Chromium’s policy folder: needs root (CI runs as root)',
  );
  test.beforeEach(() => mkdir(POLICY_DIR, { recursive: true }));
  test.afterEach(() => rm(POLICY_FILE, { force: true }));

  test('a managed profile appears read-only, connects, keeps its tokens when renamed, drops them when its endpoint moves; pre-approved and blocked sites', async ({
    profiles,
    servers,
    userDataDir,
  }, testInfo) => {
    test.setTimeout(150_000);
    const team: Profile = { ...profiles.keycloak, name: 'Team Keycloak' };
    const allowed = servers.webapps[1].url;
    const blocked = `http://127.0.0.1:${new URL(servers.webapps[0].url).port}`;
    // Written before the browser starts: the extension finds it at its first start.
    await setPolicy({
      profiles: exportProfiles([team]),
      allowedSites: [{ origin: allowed, provider: team.id }],
      blockedSites: [blocked],
      export: false,
    });
    const context = await launchWithExtension(userDataDir);
    try {
      const worker = await serviceWorkerOf(context);
      const page = await context.newPage();
      await page.goto(`chrome-extension://${new URL(worker.url()).host}/src/popup/index.html`);
      const extension = new Extension(context, page, new URL(worker.url()).host);
      await until(extension, team.id, (name) => name === 'Team Keycloak');

      const options = await context.newPage();
      await options.goto(`chrome-extension://${extension.id}/src/options/index.html`);
      const row = options.getByRole('row', { name: /Team Keycloak/ });
      await expect(row).toContainText('set by your organization');
      await expect(row.getByRole('button', { name: /^Delete/ })).toHaveCount(0);
      await row.getByRole('button', { name: 'Edit Team Keycloak' }).click();
      await expect(options.getByTestId('managed')).toBeVisible();
      await expect(options.getByRole('textbox', { name: 'Name' })).toBeDisabled();
      await expect(options.getByRole('textbox', { name: 'Token endpoint' })).toBeDisabled();
      expect(await extension.ask({ type: 'deleteProfile', providerId: team.id })).toMatchObject({
        ok: false,
        error: { code: 'set_by_policy' },
      });
      expect(await extension.ask({ type: 'exportProfiles' })).toMatchObject({
        ok: false,
        error: { code: 'set_by_policy' },
      });

      const connected = await extension.ask({
        type: 'connect',
        providerId: team.id,
        credentials: CREDENTIALS.user,
      });
      expect(connected.ok).toBe(true);

      // The pre-approved site gets its token with no window; the blocked one is refused.
      const consentWindows: string[] = [];
      context.on('page', (p) => {
        if (p.url().includes('/src/consent/')) consentWindows.push(p.url());
      });
      const app = await context.newPage();
      await app.goto(`${allowed}/`);
      await app.getByRole('button', { name: 'Call API' }).click();
      await expect(app.getByLabel('API result')).toHaveText(/^200 /);
      const refused = await context.newPage();
      await refused.goto(`${blocked}/`);
      await refused.getByRole('button', { name: 'Call API' }).click();
      await expect(refused.getByLabel('API result')).toHaveText(
        'error denied: Your organization does not allow this site to ask Token Keeper.',
      );
      expect(consentWindows).toEqual([]);

      // The administrator renames it: the user stays signed in.
      const token = await extension.accessToken(team.id);
      await setPolicy({ profiles: exportProfiles([{ ...team, name: 'Team Keycloak (renamed)' }]) });
      await until(extension, team.id, (name) => name === 'Team Keycloak (renamed)');
      expect(await extension.accessToken(team.id)).toBe(token);

      // The administrator moves its token endpoint: its tokens go, nothing is sent to the new one.
      const signIn = team.signIn as Extract<Profile['signIn'], { token: unknown }>;
      const moved = {
        ...team,
        name: 'Team Keycloak (moved)',
        signIn: {
          ...signIn,
          token: {
            ...signIn.token,
            url: `${servers.keycloak.url}/elsewhere${KEYCLOAK_TOKEN_PATH}`,
          },
        },
      };
      const requests = servers.keycloak.requests.length;
      await setPolicy({ profiles: exportProfiles([moved]) });
      await until(extension, team.id, (name) => name === 'Team Keycloak (moved)');
      expect((await extension.view(team.id)).status).toBe('signed-out');
      expect(servers.keycloak.requests.length).toBe(requests);

      // A value it cannot read is named in the options page, and the rest still applies.
      // (Chromium itself drops a value of the wrong type, per the schema, before the extension
      // sees it; an origin that is not one passes the schema and is for the extension to refuse.)
      await setPolicy({
        profiles: exportProfiles([moved]),
        blockedSites: ['not an origin'],
      });
      for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
        const policy = await extension.ask({ type: 'policy' });
        if (policy.ok && policy.value.problems.length > 0) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      await options.reload();
      await expect(
        options.getByRole('alert').filter({ hasText: 'blockedSites[0]: an http(s) origin' }),
      ).toBeVisible();
      await expect(options.getByRole('row', { name: /Team Keycloak \(moved\)/ })).toBeVisible();
      await testInfo.attach('options', {
        body: await options.screenshot(),
        contentType: 'image/png',
      });
    } finally {
      await context.close();
    }
  });
});
