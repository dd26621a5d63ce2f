import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { SCHEMA_VERSION } from '../src/background/storage-keys';
import { DIST, callApiAsking, expect, killWorker, reopen, test } from './extension';

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

    // The update: the current build, with a higher version, in the folder the extension was loaded
    // from (Chromium keeps an unpacked extension where it first found it). An update registers the
    // new service worker; a browser started on new files would run the one it registered before,
    // so that registration goes first. Storage is left as the previous release wrote it.
    await rm(previous.dist, { recursive: true, force: true });
    await cp(DIST, previous.dist, { recursive: true });
    const manifest = join(previous.dist, 'manifest.json');
    const current = JSON.parse(await readFile(manifest, 'utf8')) as { version: string };
    await writeFile(manifest, JSON.stringify({ ...current, version: `${current.version}.1` }));
    await rm(join(userDataDir, 'Default', 'Service Worker'), { recursive: true, force: true });
    const after = await reopen(userDataDir, consoleLog, previous.dist);

    for (const [i, name] of DIALECTS.entries()) {
      const view = await after.view(name);
      expect(view.status).toBe('fresh');
      // The same sign-in: nothing was asked again, nothing was sent for it.
      expect(view.obtainedAt).toBe(views[i]?.obtainedAt);
      expect(await after.ask({ type: 'inspect', providerId: name })).toEqual(timelines[i]);
    }
    expect(await after.ask({ type: 'listAccess' })).toEqual(access);
    // Migrated, not merely read: the data is at this build's schema, nothing of it kept aside.
    const stored = await after.page.evaluate(() => chrome.storage.local.get(null));
    expect(stored['schema']).toBe(SCHEMA_VERSION);
    expect(Object.keys(stored).filter((key) => key.startsWith('provider:'))).toEqual([]);
    expect(await after.ask({ type: 'listKeptAside' })).toEqual({ ok: true, value: { kept: [] } });
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

test('a stored sign-in or profile this build cannot read is kept aside and named in the options page; every other provider keeps working', async ({
  extension,
  profiles,
}) => {
  for (const name of ['keycloak', 'uitid', 'fosoauth'] as const)
    await extension.connected(profiles[name]);
  const token = await extension.accessToken('fosoauth');
  // Edited by hand (or by a build that wrote another shape): a state no build knows, and a
  // refresh method no profile may have.
  const edited = await extension.page.evaluate(async () => {
    const stored = await chrome.storage.local.get(['identity:keycloak:1', 'profile:uitid']);
    const record = stored['identity:keycloak:1'] as Record<string, unknown>;
    const profile = stored['profile:uitid'] as { refresh: object };
    const changed = {
      'identity:keycloak:1': { ...record, status: 'asleep' },
      'profile:uitid': { ...profile, refresh: { ...profile.refresh, method: 'PATCH' } },
    };
    await chrome.storage.local.set(changed);
    return changed;
  });
  await killWorker(extension.page);

  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  const kept = options.getByRole('region', { name: 'Kept aside' });
  await expect(kept.getByRole('listitem').first()).toContainText(
    'The sign-in of “keycloak”: its state is unknown.',
  );
  await expect(kept).toContainText(
    'The profile “uitid”: it is not a profile this version reads (one field is wrong).',
  );
  await kept.getByText('Advanced: the fields').click();
  await expect(kept).toContainText('refresh.method: must be one of GET, POST');
  // The others work as before; Keycloak is signed out, not broken; UiTiD is not listed.
  expect(await extension.accessToken('fosoauth')).toBe(token);
  expect((await extension.view('keycloak')).status).toBe('signed-out');
  await expect(options.getByRole('table', { name: 'Providers' })).not.toContainText('UiTiD');
  // Nothing was deleted: the originals are where they were, and a copy of each is kept aside.
  const after = await extension.page.evaluate(() => chrome.storage.local.get(null));
  for (const [key, value] of Object.entries(edited)) {
    expect(after[key]).toEqual(value);
    expect(after[`aside:${key}`]).toMatchObject({ key, value });
  }
  // The kept-aside profile holds its id (its tokens are under it) until the user removes it.
  expect(await extension.ask({ type: 'saveProfile', profile: profiles.uitid })).toMatchObject({
    ok: false,
    error: { fields: [{ path: 'id', message: expect.stringContaining('Kept aside') }] },
  });
  await kept.getByRole('button', { name: 'Remove The profile “uitid”' }).click();
  await kept.getByRole('button', { name: 'Remove it' }).click();
  await expect(kept).not.toContainText('uitid');
  const left = await extension.page.evaluate(() => chrome.storage.local.get(null));
  expect(Object.keys(left).filter((key) => key.includes('uitid'))).toEqual([]);
  await extension.connected(profiles.uitid);
  expect((await extension.view('uitid')).status).toBe('fresh');
  // A new sign-in writes over the unreadable record; its copy stays until it is removed.
  await extension.connect(profiles.keycloak);
  expect((await extension.view('keycloak')).status).toBe('fresh');
  await options.reload();
  await expect(kept).toContainText('The sign-in of “keycloak”');
});
