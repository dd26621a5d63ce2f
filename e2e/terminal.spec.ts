import { execFileSync, spawnSync } from 'node:child_process';
import { chmod, copyFile, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TERMINAL } from '../src/core/consent';
import { CREDENTIALS } from './servers/all';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';
import {
  Extension,
  expect,
  killWorker,
  launchWithExtension,
  serviceWorkerOf,
  test as base,
  watchConsole,
} from './extension';
import { CLI, linkUp, nativeGrantedBuild, tokenKeeper } from './terminal';

/**
 * Each test: a socket folder and a program folder of its own, the host installed the way
 * `token-keeper install` does it for a Chromium started with --user-data-dir (its per-user host
 * folder is inside that directory, so nothing system-wide is touched), and the browser started
 * with the extension once native messaging is granted.
 */
const test = base.extend<{ runtime: string; programs: string; dist: string }>({
  runtime: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keeper-runtime-'));
    const before = process.env['XDG_RUNTIME_DIR'];
    // The browser (and so the host it starts) and every command the test runs inherit it.
    process.env['XDG_RUNTIME_DIR'] = dir;
    await use(dir);
    if (before === undefined) delete process.env['XDG_RUNTIME_DIR'];
    else process.env['XDG_RUNTIME_DIR'] = before;
    await rm(dir, { recursive: true, force: true });
  },
  programs: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keeper-programs-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  dist: async ({}, use) => {
    const dist = await nativeGrantedBuild();
    await use(dist);
    await rm(join(dist, '..'), { recursive: true, force: true });
  },
  context: async ({ userDataDir, consoleLog, runtime, programs, dist }, use) => {
    expect(runtime).not.toBe('');
    const context = await launchWithExtension(userDataDir, true, dist);
    watchConsole(consoleLog, context);
    const installed = await tokenKeeper(
      ['install', '--browser', 'chromium', '--user-data-dir', userDataDir],
      { XDG_DATA_HOME: programs },
    );
    expect(installed.code, installed.stderr).toBe(0);
    await use(context);
    await context.close();
  },
});

/** A Keycloak provider signed in with a password, the terminal's link up. */
async function ready(extension: Extension, profile: Parameters<Extension['save']>[0]) {
  await extension.save(profile);
  const connected = await extension.ask({
    type: 'connect',
    providerId: profile.id,
    credentials: CREDENTIALS.user,
  });
  expect(connected.ok).toBe(true);
  return linkUp(extension);
}

/** Allows or takes back the terminal's access as the options page does, without the page. */
async function setTerminal(extension: Extension, providerId: string, allow: boolean) {
  expect((await extension.ask({ type: 'setTerminalAccess', providerId, allow })).ok).toBe(true);
}

const escaped = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The options page's checkbox that lets the terminal have a provider's tokens. */
async function terminalCheckbox(extension: Extension, name: string) {
  const options = await extension.context.newPage();
  await options.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  const section = options.getByRole('region', { name: 'Terminal access' });
  await expect(section.getByTestId('terminal-link')).toContainText('The terminal helper runs');
  return section.getByRole('checkbox', { name: new RegExp(escaped(name)) });
}

/** Allows the terminal a provider's tokens in the options page, as the user does. */
async function allowInOptions(extension: Extension, name: string) {
  const box = await terminalCheckbox(extension, name);
  await box.click();
  await expect(box).toBeChecked();
  return box;
}

test('the terminal gets a current token once allowed: the API accepts it, the audit says "terminal", and a refusal in the window is exit 5 with nothing on stdout', async ({
  extension,
  context,
  profiles,
  servers,
}) => {
  test.setTimeout(120_000);
  const { keycloak } = profiles;
  await ready(extension, keycloak);

  // The first request asks the user, in the extension's window naming the terminal; Deny.
  const opened = context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/src/consent/'),
  });
  const first = tokenKeeper(['token', keycloak.id]);
  const prompt = await opened;
  await expect(prompt.getByRole('heading')).toHaveText('Allow the terminal to use your token?');
  await prompt.getByRole('button', { name: 'Deny' }).click();
  const refused = await first;
  expect(refused.code).toBe(5);
  expect(refused.stdout).toBe('');
  expect(refused.stderr).toContain(`Terminal access to ${keycloak.name} is off`);
  // The "no" stands for a while: the next request is refused at once, without a window.
  const again = await tokenKeeper(['token', keycloak.id]);
  expect(again.code).toBe(5);
  expect(again.stdout).toBe('');

  await allowInOptions(extension, keycloak.name);
  const got = await tokenKeeper(['token', keycloak.id]);
  expect(got.code, got.stderr).toBe(0);
  const token = got.stdout.trim();
  expect(got.stdout).toBe(`${token}\n`);
  expect(token).toBe(await extension.accessToken(keycloak.id));
  const api = await fetch(`${servers.webapps[1].url}/api/me`, {
    headers: { authorization: `Bearer ${token}` },
  });
  expect(api.status).toBe(200);

  const header = await tokenKeeper(['header', keycloak.id]);
  expect(header.stdout).toBe(`Authorization: Bearer ${token}\n`);

  const access = await extension.ask({ type: 'listAccess' });
  expect(access.ok && access.value.audit[0]).toMatchObject({
    origin: TERMINAL,
    provider: keycloak.id,
  });

  // Unknown providers and identities, and usage mistakes, have codes of their own.
  expect((await tokenKeeper(['token', 'nope'])).code).toBe(6);
  expect((await tokenKeeper(['token', `${keycloak.id}/nobody`])).code).toBe(6);
  expect((await tokenKeeper(['token'])).code).toBe(2);

  // Turned off in the options page: the next request is refused.
  const box = await terminalCheckbox(extension, keycloak.name);
  await expect(box).toBeChecked();
  await box.click();
  await expect(box).not.toBeChecked();
  const off = await tokenKeeper(['token', keycloak.id]);
  expect(off.code, off.stderr).toBe(5);
  expect(off.stdout).toBe('');

  // Signed out: the command says what to do and prints no token, expired or not.
  await setTerminal(extension, keycloak.id, true);
  expect((await extension.ask({ type: 'disconnect', providerId: keycloak.id })).ok).toBe(true);
  const signedOut = await tokenKeeper(['token', keycloak.id]);
  expect(signedOut.code).toBe(4);
  expect(signedOut.stdout).toBe('');
  expect(signedOut.stderr).toContain('Sign in to this provider in Token Keeper first.');
  await setTerminal(extension, keycloak.id, false);

  const status = await tokenKeeper(['status', '--json']);
  expect(status.code).toBe(0);
  expect(JSON.parse(status.stdout)).toEqual([
    expect.objectContaining({ provider: keycloak.id, state: 'signed-out', terminal: false }),
  ]);
  expect(status.stdout).not.toContain(token);
});

test('exec puts the token in the command’s environment, never on its command line', async ({
  extension,
  profiles,
}) => {
  const { keycloak } = profiles;
  await ready(extension, keycloak);
  await allowInOptions(extension, keycloak.name);
  const out = await mkdtemp(join(tmpdir(), 'token-keeper-exec-'));
  const ran = await tokenKeeper([
    'exec',
    keycloak.id,
    '--',
    'sh',
    '-c',
    // The child's own command line, as ps reads it, and what its environment holds.
    `tr '\\0' ' ' < /proc/$$/cmdline > "${out}/cmdline"; printf %s "$TOKEN_KEEPER_TOKEN" > "${out}/token"; printf %s "$AUTHORIZATION" > "${out}/authorization"; exit 7`,
  ]);
  expect(ran.code, ran.stderr).toBe(7);
  const token = await extension.accessToken(keycloak.id);
  expect(await readFile(join(out, 'token'), 'utf8')).toBe(token);
  expect(await readFile(join(out, 'authorization'), 'utf8')).toBe(`Bearer ${token}`);
  const cmdline = await readFile(join(out, 'cmdline'), 'utf8');
  expect(cmdline).toContain('sh -c');
  expect(cmdline).not.toContain(token);
  await rm(out, { recursive: true, force: true });
});

test('ten terminals at once while the token is expiring: one refresh request, every one gets the new token', async ({
  extension,
  profiles,
  servers,
}) => {
  const { keycloak } = profiles;
  await ready(extension, keycloak);
  await allowInOptions(extension, keycloak.name);
  const old = await extension.accessToken(keycloak.id);
  expect(
    (await extension.ask({ type: 'tester', providerId: keycloak.id, action: { kind: 'expire' } }))
      .ok,
  ).toBe(true);
  const before = servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH).length;
  const runs = await Promise.all(
    Array.from({ length: 10 }, () => tokenKeeper(['token', keycloak.id])),
  );
  expect(runs.map((r) => r.code)).toEqual(Array(10).fill(0));
  const tokens = new Set(runs.map((r) => r.stdout.trim()));
  expect(tokens.size).toBe(1);
  expect(tokens.has(old)).toBe(false);
  expect(servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH).length - before).toBe(1);
});

test('the worker stopped between two calls: the next worker opens the link again and nothing is lost', async ({
  extension,
  profiles,
  servers,
}) => {
  test.setTimeout(120_000);
  const { keycloak } = profiles;
  await ready(extension, keycloak);
  await allowInOptions(extension, keycloak.name);
  const first = await tokenKeeper(['token', keycloak.id]);
  expect(first.code).toBe(0);
  const requests = servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH).length;
  await killWorker(extension.page);
  // Until a new worker runs (its alarm comes within 30 s), the command says what to do.
  let next = await tokenKeeper(['token', keycloak.id]);
  for (const deadline = Date.now() + 60_000; next.code === 3 && Date.now() < deadline;) {
    expect(next.stdout).toBe('');
    await new Promise((r) => setTimeout(r, 1000));
    next = await tokenKeeper(['token', keycloak.id]);
  }
  expect(next.code, next.stderr).toBe(0);
  expect(next.stdout).toBe(first.stdout);
  expect(servers.keycloak.tokenRequests(KEYCLOAK_TOKEN_PATH).length).toBe(requests);
});

test('after the browser restarts, the terminal reaches the extension again with nothing to do', async ({
  extension,
  context,
  profiles,
  userDataDir,
  dist,
}) => {
  const { keycloak } = profiles;
  await ready(extension, keycloak);
  await setTerminal(extension, keycloak.id, true);
  const before = await tokenKeeper(['token', keycloak.id]);
  expect(before.code).toBe(0);
  await context.close();
  const closed = await tokenKeeper(['token', keycloak.id]);
  expect(closed.code).toBe(3);
  expect(closed.stderr).toContain('Start the browser');
  const again = await launchWithExtension(userDataDir, true, dist);
  try {
    const worker = await serviceWorkerOf(again);
    const page = await again.newPage();
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/src/popup/index.html`);
    await linkUp(new Extension(again, page, extension.id));
    const after = await tokenKeeper(['token', keycloak.id]);
    expect(after.code, after.stderr).toBe(0);
    expect(after.stdout).toBe(before.stdout);
  } finally {
    await again.close();
  }
});

test('the host refuses what is not a request, stays up, and keeps no token in its folder or log', async ({
  extension,
  profiles,
  runtime,
  programs,
  worker,
}) => {
  const { keycloak } = profiles;
  const socket = await ready(extension, keycloak);
  await allowInOptions(extension, keycloak.name);
  const send = (data: string | Buffer) =>
    new Promise<string>((done) => {
      let answer = '';
      const c = createConnection(socket, () => c.write(data));
      c.on('data', (chunk) => (answer += chunk.toString()));
      c.on('close', () => done(answer));
      c.on('error', () => done(answer));
    });
  expect(JSON.parse(await send('not json\n'))).toMatchObject({ ok: false });
  expect(JSON.parse(await send(`${'x'.repeat(20_000)}\n`))).toMatchObject({ ok: false });
  expect(JSON.parse(await send(Buffer.alloc(2_000_000, 0x61)))).toMatchObject({ ok: false });
  // The worker checks what the host relays, as strictly as a page's request.
  expect(
    JSON.parse(await send(`${JSON.stringify({ type: 'getToken', provider: '../x' })}\n`)),
  ).toMatchObject({ ok: false, error: { code: 'bad_request' } });

  const got = await tokenKeeper(['token', keycloak.id]);
  expect(got.code, got.stderr).toBe(0);
  const token = got.stdout.trim();
  expect(await worker.evaluate(() => 1 + 1)).toBe(2);

  const files = [
    ...(await readdir(join(runtime, 'token-keeper'))).map((f) => join(runtime, 'token-keeper', f)),
    ...(await readdir(join(programs, 'token-keeper'))).map((f) =>
      join(programs, 'token-keeper', f),
    ),
  ];
  expect(files.some((f) => f.endsWith('host.log'))).toBe(true);
  for (const file of files.filter((f) => !f.endsWith('.sock')))
    expect(await readFile(file, 'utf8'), file).not.toContain(token);
});

test('another OS user cannot reach the socket', async ({ extension, profiles, runtime }) => {
  test.skip(process.getuid?.() !== 0, 'needs root to create a second user (CI runs as root)');
  const { keycloak } = profiles;
  const socket = await ready(extension, keycloak);
  // Only the socket's own folder keeps the other user out: the one above it is open to all here.
  await chmod(runtime, 0o755);
  const user = 'tk-terminal-test';
  const shared = await mkdtemp(join(tmpdir(), 'token-keeper-other-'));
  await chmod(shared, 0o755);
  await copyFile(CLI, join(shared, 'token-keeper.mjs'));
  execFileSync('sh', ['-c', `id ${user} >/dev/null 2>&1 || useradd --no-create-home ${user}`]);
  try {
    const asOther = (...args: string[]) =>
      spawnSync('runuser', ['-u', user, '--', process.execPath, ...args], {
        env: { ...process.env, XDG_RUNTIME_DIR: runtime },
        encoding: 'utf8',
        cwd: shared,
      });
    const direct = asOther(
      '-e',
      `require('net').createConnection(${JSON.stringify(socket)}).on('error', (e) => { console.error(e.code); process.exit(1); }).on('connect', () => { console.log('connected'); process.exit(0); })`,
    );
    expect(direct.stdout).toBe('');
    expect(direct.stderr).toContain('EACCES');
    const viaCli = asOther(join(shared, 'token-keeper.mjs'), 'status');
    expect(viaCli.status).toBe(3);
    expect(viaCli.stdout).toBe('');
    expect(viaCli.stderr).toContain('belongs to another user');
  } finally {
    execFileSync('userdel', [user]);
    await rm(shared, { recursive: true, force: true });
  }
});
