import { mkdir, rm, writeFile } from 'node:fs/promises';
import { GECKO_ID } from '../src/build/firefox-manifest';
import { exportProfiles } from '../src/core/profile/transfer';
import { CREDENTIALS } from './servers/all';
import { FirefoxExtension, expect, launchFirefox, test } from './firefox';

/** Where Debian's Firefox ESR reads a machine's policies (an install's distribution/ also works). */
const POLICY_DIR = '/etc/firefox/policies';
const POLICY_FILE = `${POLICY_DIR}/policies.json`;

test.describe('Firefox: a team’s profiles set by policies.json', () => {
  test.skip(
    process.getuid?.() !== 0,
    'writes Firefox’s policy folder: needs root (CI runs as root)',
  );
  test.afterEach(() => rm(POLICY_FILE, { force: true }));

  test('a managed profile from policies.json appears read-only and connects; the policy turns the terminal off', async ({
    profiles,
    userDataDir,
    consoleLog,
  }) => {
    const team = { ...profiles.keycloak, name: 'Team Keycloak' };
    await mkdir(POLICY_DIR, { recursive: true });
    // Firefox takes the export file's list of profiles as it is: policies.json is JSON already.
    const policy = { profiles: [team], terminal: false };
    await writeFile(
      POLICY_FILE,
      JSON.stringify({ policies: { '3rdparty': { Extensions: { [GECKO_ID]: policy } } } }),
    );
    expect((JSON.parse(exportProfiles([team])) as { profiles: unknown }).profiles).toEqual([team]);
    const browser = await launchFirefox(userDataDir, consoleLog);
    try {
      const extension = await FirefoxExtension.open(browser);
      for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
        const reply = await extension.ask({ type: 'status' });
        if (reply.ok && reply.value.providers.some((p) => p.id === team.id)) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const view = await extension.view(team.id);
      expect(view).toMatchObject({ name: 'Team Keycloak', managed: true });
      const options = extension.page;
      await options.waitForSelector('::-p-text(set by your organization)');
      expect(await options.$('::-p-aria(Delete Team Keycloak)')).toBeNull();
      expect(await extension.ask({ type: 'deleteProfile', providerId: team.id })).toMatchObject({
        ok: false,
        error: { code: 'set_by_policy' },
      });
      const connected = await extension.ask({
        type: 'connect',
        providerId: team.id,
        credentials: CREDENTIALS.user,
      });
      expect(connected.ok).toBe(true);
      expect(await extension.ask({ type: 'policy' })).toEqual({
        ok: true,
        value: { problems: [], terminal: false, export: true },
      });
    } finally {
      await browser.close();
    }
  });
});
