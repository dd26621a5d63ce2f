import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import pkg from '../package.json' with { type: 'json' };
import { callApiAsking, expect, reopen, test } from './extension';
import { FirefoxExtension, launchFirefox } from './firefox';

const REPO = resolve(import.meta.dirname, '..');
const sha256 = async (path: string) =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex');

test('npm run package: the same bytes twice from one commit; the Chromium zip, unpacked, signs in, refreshes and hands a page its token; Firefox installs its zip, which signs in and refreshes', async ({
  userDataDir,
  consoleLog,
  profiles,
  servers,
}) => {
  test.setTimeout(180_000);
  const runs = [
    await mkdtemp(join(tmpdir(), 'token-keeper-package-')),
    await mkdtemp(join(tmpdir(), 'token-keeper-package-')),
  ] as const;
  try {
    for (const dir of runs)
      execFileSync('npm', ['run', 'package', '--silent'], {
        cwd: REPO,
        env: { ...process.env, PACKAGE_DIR: dir },
        stdio: 'pipe',
      });
    const { version } = pkg;
    const names = (await readdir(runs[0])).sort();
    expect(names).toEqual([
      `token-keeper-${version}-source.zip`,
      `token-keeper-chromium-${version}.zip`,
      `token-keeper-firefox-${version}.zip`,
    ]);
    for (const name of names)
      expect(await sha256(join(runs[1], name)), name).toBe(await sha256(join(runs[0], name)));

    // What a store would install: the zip's contents, in a folder of their own.
    const unpacked = join(runs[0], 'chromium');
    execFileSync('python3', [
      '-m',
      'zipfile',
      '-e',
      join(runs[0], `token-keeper-chromium-${version}.zip`),
      unpacked,
    ]);
    const extension = await reopen(userDataDir, consoleLog, unpacked);
    expect(await extension.page.evaluate(() => chrome.runtime.getManifest().version)).toBe(version);
    await extension.connected(profiles.keycloak);
    const first = await extension.accessToken('keycloak');
    expect(await extension.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
      ok: true,
    });
    expect(await extension.accessToken('keycloak')).not.toBe(first);
    const { app, prompt } = await callApiAsking(extension.context, servers.webapps[1].url);
    await prompt.getByRole('button', { name: 'Allow' }).click();
    await expect(app.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
    await extension.context.close();

    // Firefox installs the Firefox zip itself, as "Load Temporary Add-on" does.
    const firefox = await launchFirefox(
      await mkdtemp(join(tmpdir(), 'token-keeper-firefox-profile-')),
      consoleLog,
      join(runs[0], `token-keeper-firefox-${version}.zip`),
    );
    try {
      const fromZip = await FirefoxExtension.open(firefox);
      expect(await fromZip.page.evaluate(() => chrome.runtime.getManifest().version)).toBe(version);
      // A password sign-in: Firefox's automation logs the URLs of sign-in windows, and the leak
      // check reads its log.
      await fromZip.connected(profiles.keycloak);
      const before = await fromZip.accessToken('keycloak');
      expect(await fromZip.ask({ type: 'refresh', providerId: 'keycloak' })).toMatchObject({
        ok: true,
      });
      expect(await fromZip.accessToken('keycloak')).not.toBe(before);
    } finally {
      await firefox.close();
    }
  } finally {
    for (const dir of runs) await rm(dir, { recursive: true, force: true });
  }
});
