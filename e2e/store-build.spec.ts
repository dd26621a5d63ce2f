import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { idOfKey, idOfUnpacked } from '../src/build/extension-id';
import manifest from '../manifest.json' with { type: 'json' };
import { callApiAsking, expect, reopen, test } from './extension';

const REPO = resolve(import.meta.dirname, '..');

test('a store build made without the development key: its own id, the redirect URL the options page shows follows it, and the SDK built for that id hands a page its token', async ({
  userDataDir,
  consoleLog,
  profiles,
  servers,
}) => {
  test.setTimeout(180_000);
  const out = await mkdtemp(join(tmpdir(), 'token-keeper-store-'));
  const dist = join(out, 'dist');
  const sdk = join(out, 'sdk');
  // Loaded unpacked, a build without a key gets its id from its folder; a store gives its own.
  // Either way the build is told the id, as TOKEN_KEEPER_EXTENSION_ID.
  const id = idOfUnpacked(dist);
  try {
    const env = {
      ...process.env,
      TOKEN_KEEPER_KEY: 'none',
      TOKEN_KEEPER_EXTENSION_ID: id,
      TOKEN_KEEPER_OUT_DIR: dist,
      TOKEN_KEEPER_SDK_OUT_DIR: sdk,
    };
    execFileSync('npx', ['vite', 'build', '--logLevel', 'error'], {
      cwd: REPO,
      env,
      stdio: 'pipe',
    });
    execFileSync('npx', ['vite', 'build', '-c', 'vite.sdk.config.ts', '--logLevel', 'error'], {
      cwd: REPO,
      env,
      stdio: 'pipe',
    });
    const built = JSON.parse(await readFile(join(dist, 'manifest.json'), 'utf8')) as {
      key?: string;
    };
    expect(built.key).toBeUndefined();

    const extension = await reopen(userDataDir, consoleLog, dist);
    expect(extension.id).toBe(id);
    expect(id).not.toBe(idOfKey(manifest.key));
    await extension.page.goto(`chrome-extension://${id}/src/options/index.html`);
    await expect(extension.page.getByTestId('redirect-url')).toHaveText(
      `https://${id}.chromiumapp.org/`,
    );

    await extension.connected(profiles.keycloak);
    // The web app serves the SDK built with this build: it sends to this id, on localhost directly.
    await extension.context.route('**/sdk/token-keeper.js', (route) =>
      route.fulfill({ path: join(sdk, 'token-keeper.js'), contentType: 'text/javascript' }),
    );
    const { app, prompt } = await callApiAsking(extension.context, servers.webapps[0].url);
    await prompt.getByRole('button', { name: 'Allow' }).click();
    await expect(app.getByLabel('API result')).toHaveText('200 {"user":"tester"}');
    await extension.context.close();
  } finally {
    await rm(out, { recursive: true, force: true });
  }
});
