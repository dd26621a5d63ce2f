import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Extension, launchWithExtension, serviceWorkerOf } from '../../e2e/extension';
import { profilesFor } from '../../e2e/profiles';
import { CREDENTIALS, startServers, stopServers } from '../../e2e/servers/all';
import { linkUp, nativeGrantedBuild, tokenKeeper } from '../../e2e/terminal';
import { medianOf, timed } from './stats';

export interface TerminalFigures {
  /** `token-keeper token <provider>` for a fresh token: started, answered, exited. */
  readonly tokenMs: number;
  /** Floor: node started on an empty script. */
  readonly emptyNodeMs: number;
  /** Floor: node started on a script that makes one round trip over a socket to a host that answers at once. */
  readonly instantHostMs: number;
}

/** Runs node on `args` and waits for it to exit. */
const node = (args: readonly string[]) =>
  new Promise<void>((done) => spawn(process.execPath, args).on('close', () => done()));

/**
 * How long the command takes to print a fresh token, against two floors measured in the same run:
 * node itself, and node plus a round trip over a Unix socket to a server that answers at once.
 * The browser runs the built extension with the host installed as `token-keeper install` does.
 */
export async function terminalFigures(runs = 15): Promise<TerminalFigures> {
  const servers = await startServers();
  const scratch = await mkdtemp(join(tmpdir(), 'token-keeper-bench-terminal-'));
  const profileDir = join(scratch, 'profile');
  await mkdir(profileDir);
  const before = process.env['XDG_RUNTIME_DIR'];
  process.env['XDG_RUNTIME_DIR'] = scratch;
  const dist = await nativeGrantedBuild();
  const context = await launchWithExtension(profileDir, true, dist);
  const instant = createServer((socket) =>
    socket.once('data', () => socket.end('{"ok":true,"value":{}}\n')),
  );
  try {
    await tokenKeeper(['install', '--browser', 'chromium', '--user-data-dir', profileDir], {
      XDG_DATA_HOME: join(scratch, 'data'),
    });
    const worker = await serviceWorkerOf(context);
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/src/popup/index.html`);
    const extension = new Extension(context, page, id);
    const { keycloak } = profilesFor(servers);
    await extension.save(keycloak);
    await extension.ask({
      type: 'connect',
      providerId: keycloak.id,
      credentials: CREDENTIALS.user,
    });
    await extension.ask({ type: 'setTerminalAccess', providerId: keycloak.id, allow: true });
    await linkUp(extension);

    const empty = join(scratch, 'empty.mjs');
    await writeFile(empty, '');
    const socket = join(scratch, 'instant.sock');
    await new Promise<void>((done) => instant.listen(socket, done));
    const client = join(scratch, 'client.mjs');
    await writeFile(
      client,
      `import { createConnection } from 'node:net';
const c = createConnection(process.argv[2], () => c.write('{"type":"status"}\\n'));
c.on('data', () => c.end());`,
    );
    // One of each first: files and the host warm, as they are for someone who uses the command.
    await tokenKeeper(['token', keycloak.id]);
    return {
      tokenMs: await medianOf(() => timed(() => tokenKeeper(['token', keycloak.id])), runs),
      emptyNodeMs: await medianOf(() => timed(() => node([empty])), runs),
      instantHostMs: await medianOf(() => timed(() => node([client, socket])), runs),
    };
  } finally {
    instant.close();
    await context.close();
    await stopServers(servers);
    if (before === undefined) delete process.env['XDG_RUNTIME_DIR'];
    else process.env['XDG_RUNTIME_DIR'] = before;
    await rm(join(dist, '..'), { recursive: true, force: true });
    await rm(scratch, { recursive: true, force: true });
  }
}
