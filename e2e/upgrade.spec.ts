import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { callApiAsking, expect, reopen, test } from './extension';

/**
 * The release the upgrade starts from: the last build users have. Move it forward when a release
 * lands; keep the test for every change of what is stored (docs/architecture.md, "Storage").
 */
const PREVIOUS_RELEASE = '4929d03d2f65fb255d44e0a1cfb78a1c20483f64';
const REPO = resolve(import.meta.dirname, '..');

/** Whether the clone holds the previous release (a shallow clone does not; `.ci/run` deepens it). */
function hasPrevious(): boolean {
  try {
    execFileSync('git', ['cat-file', '-e', `${PREVIOUS_RELEASE}^{commit}`], {
      cwd: REPO,
      stdio: 'pipe',
    });
    return true;
  } catch {
    return false;
  }
}

/** Builds the previous release's extension in a folder of its own, from the repository's history. */
async function buildPrevious(): Promise<{ dist: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'token-keeper-previous-'));
  execFileSync('sh', ['-c', `git archive ${PREVIOUS_RELEASE} | tar -x -C '${dir}'`], {
    cwd: REPO,
  });
  // The same locked dependencies: the previous release's are these or older.
  await symlink(join(REPO, 'node_modules'), join(dir, 'node_modules'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], { cwd: dir, stdio: 'pipe' });
  const dist = join(dir, 'dist');
  if (!existsSync(join(dist, 'manifest.json'))) throw new Error('The previous build made no dist.');
  return { dist, remove: () => rm(dir, { recursive: true, force: true }) };
}

const DIALECTS = ['keycloak', 'uitid', 'fosoauth', 'camelcase'] as const;

test('an upgrade from the previous release signs nobody out: tokens, schedules, page grants and timelines stay', async ({
  userDataDir,
  servers,
  profiles,
  consoleLog,
}) => {
  test.setTimeout(240_000);
  test.skip(!hasPrevious(), `commit ${PREVIOUS_RELEASE} is not in this clone's history`);
  const previous = await buildPrevious();
  try {
    for (const name of DIALECTS) servers[name].settings.accessSeconds = 75;

    // The previous release: four dialects signed in, a page allowed for Keycloak.
    const before = await reopen(userDataDir, consoleLog, previous.dist);
    for (const name of DIALECTS) await before.connected(profiles[name]);
    const site = servers.webapps[1];
    const { app, prompt } = await callApiAsking(before.context, site.url);
    await prompt.getByRole('button', { name: 'Allow' }).click();
    await expect(app.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
    const views = await Promise.all(DIALECTS.map((name) => before.view(name)));
    const timelines = await Promise.all(
      DIALECTS.map((name) => before.ask({ type: 'inspect', providerId: name })),
    );
    const access = await before.ask({ type: 'listAccess' });
    const tokens = await Promise.all(DIALECTS.map((name) => before.accessToken(name)));
    await before.context.close();
    for (const name of DIALECTS) servers[name].reset();

    // The current build on the same browser profile.
    const after = await reopen(userDataDir, consoleLog);
    for (const [i, name] of DIALECTS.entries()) {
      const view = await after.view(name);
      expect(view.status).toBe('fresh');
      // The same sign-in: nothing was asked again, nothing was sent for it.
      expect(view.obtainedAt).toBe(views[i]?.obtainedAt);
      expect(await after.ask({ type: 'inspect', providerId: name })).toEqual(timelines[i]);
    }
    expect(await after.ask({ type: 'listAccess' })).toEqual(access);
    // The allowed page gets its token without a consent window.
    const page = await after.context.newPage();
    await page.goto(`${site.url}/`);
    await page.getByRole('button', { name: 'Call API' }).click();
    await expect(page.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
    expect(after.context.pages().filter((p) => p.url().includes('/src/consent/'))).toEqual([]);

    // The schedule came along: each provider's next refresh happens by its alarm, on time.
    await expect
      .poll(
        async () => {
          const now = await Promise.all(DIALECTS.map((name) => after.view(name)));
          return now.every((v, i) => (v.obtainedAt ?? 0) > (views[i]?.obtainedAt ?? 0));
        },
        { timeout: 120_000, intervals: [2000] },
      )
      .toBe(true);
    for (const [i, name] of DIALECTS.entries()) {
      expect((await after.view(name)).status).toBe('fresh');
      expect(await after.accessToken(name)).not.toBe(tokens[i]);
    }
    await after.context.close();
  } finally {
    await previous.remove();
  }
});
