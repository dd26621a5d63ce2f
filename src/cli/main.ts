import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createConnection } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GECKO_ID } from '../build/firefox-manifest';
import { countdown } from '../popup/countdown';
import { EXTENSION_ID, type AccessToken } from '../shared/page-protocol';
import {
  EXIT,
  exitFor,
  type TerminalIdentity,
  type TerminalReply,
} from '../shared/terminal-protocol';
import { UsageError, parseArgs, type Command, type Target } from './args';
import { HELP } from './help';
import { install, manifestDir, programDir, uninstall, windowsEntries } from './install';
import { SOCKET_NAME, privateDir, socketDir } from './socket-path';

/** A failure the command reports in words on stderr, with its exit code. */
class Stop extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** How long the host has to take the connection: the browser is not running past this. */
const CONNECT_MS = 1000;
/** After this long without an answer, the command says what it waits for. */
const WAITING_NOTE_MS = 2000;

const UNREACHABLE =
  'Token Keeper does not answer. Start the browser with Token Keeper and turn the terminal on in its options (Terminal); after `token-keeper install`, a browser that was already running needs a restart. A browser that is running finds the terminal again within 30 s.';

/** One request over the host's socket, answered by the worker (or the host, when it refuses). */
function ask(request: unknown): Promise<TerminalReply> {
  const uid = process.getuid?.() ?? 0;
  let dir: string;
  try {
    dir = privateDir(socketDir(process.env, uid, tmpdir()), uid);
  } catch (error) {
    return Promise.reject(new Stop((error as Error).message, EXIT.unreachable));
  }
  return new Promise((resolve, reject) => {
    const socket = createConnection(join(dir, SOCKET_NAME));
    let received = '';
    let connected = false;
    const connectTimer = setTimeout(() => {
      socket.destroy();
      reject(new Stop(UNREACHABLE, EXIT.unreachable));
    }, CONNECT_MS);
    const note = setTimeout(
      () =>
        process.stderr.write(
          'token-keeper: waiting for Token Keeper (a window in the browser may be asking you to allow the terminal)…\n',
        ),
      WAITING_NOTE_MS,
    );
    const done = () => {
      clearTimeout(connectTimer);
      clearTimeout(note);
    };
    socket.on('connect', () => {
      connected = true;
      clearTimeout(connectTimer);
      socket.write(`${JSON.stringify(request)}\n`);
    });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', () => {
      done();
      reject(new Stop(UNREACHABLE, EXIT.unreachable));
    });
    socket.on('close', () => {
      done();
      if (!connected) return reject(new Stop(UNREACHABLE, EXIT.unreachable));
      try {
        resolve(JSON.parse(received) as TerminalReply);
      } catch {
        reject(
          new Stop(
            'Token Keeper stopped before it answered (the browser closed, or the extension was reloaded); try again.',
            EXIT.unreachable,
          ),
        );
      }
    });
  });
}

/** The worker's answer, or a `Stop` with its words and exit code. */
function value(reply: TerminalReply): Extract<TerminalReply, { ok: true }>['value'] {
  if (!reply.ok) throw new Stop(reply.error.message, exitFor(reply.error.code));
  return reply.value;
}

/** An answer of another kind than asked: a host or extension of another version. */
const mismatch = () =>
  new Stop(
    'Token Keeper answered something else: update the extension and the command together.',
    EXIT.failed,
  );

async function token(target: Target, minValid: number): Promise<AccessToken> {
  const got = value(
    await ask({
      type: 'getToken',
      provider: target.provider,
      ...(target.identity !== undefined && { identity: target.identity }),
      minValiditySeconds: minValid,
    }),
  );
  if (!('accessToken' in got)) throw mismatch();
  return got;
}

/** `Bearer …`, in the scheme the provider named (`token_type`; "bearer" is written `Bearer`). */
export const authorization = ({ accessToken, tokenType }: AccessToken): string =>
  `${/^bearer$/i.test(tokenType) || tokenType === '' ? 'Bearer' : tokenType} ${accessToken}`;

/** How long is left, for `status`, in the popup's words. */
const left = (until: number | undefined, now: number): string =>
  until === undefined ? '-' : countdown(until, now);

function statusLines(identities: readonly TerminalIdentity[], now: number): string[] {
  const rows = identities.map((i) => [
    i.identity === undefined ? i.provider : `${i.provider}/${i.identity}`,
    i.identity === undefined ? i.name : `${i.name} (${i.identity}${i.active ? ', active' : ''})`,
    i.state,
    `access ${left(i.expiresAt, now)}`,
    `refresh ${left(i.refreshExpiresAt, now)}`,
    i.terminal ? 'terminal: allowed' : 'terminal: not allowed',
  ]);
  const widths = rows.reduce<number[]>(
    (w, row) => row.map((cell, i) => Math.max(w[i] ?? 0, cell.length)),
    [],
  );
  return rows.map((row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd(),
  );
}

/** Runs `command` with the token in its environment, never in its arguments; answers its exit code. */
function exec(command: readonly string[], env: Record<string, string>): Promise<number> {
  const [program = '', ...args] = command;
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('error', (error) =>
      reject(new Stop(`could not run ${program}: ${error.message}`, EXIT.failed)),
    );
    child.on('exit', (code, signal) =>
      resolve(code ?? 128 + (signal ? (osSignal(signal) ?? 0) : 0)),
    );
  });
}

const osSignal = (signal: NodeJS.Signals): number | undefined =>
  ({ SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 })[signal as string];

function installCommand(command: Extract<Command, { kind: 'install' | 'uninstall' }>): void {
  const where = {
    platform: process.platform,
    home: homedir(),
    system: command.system,
    env: process.env,
    ...(command.userDataDir !== undefined && { userDataDir: command.userDataDir }),
  };
  const dir = programDir(where);
  const places = command.browsers.map((browser) => ({
    browser,
    dir: manifestDir(browser, where),
  }));
  if (command.kind === 'uninstall') {
    const removed = uninstall(dir, places);
    process.stdout.write(
      removed.length === 0
        ? 'No host manifest of Token Keeper was there.\n'
        : `Removed:\n${removed.map((f) => `  ${f}\n`).join('')}`,
    );
    return;
  }
  const chromium = command.extensionId ?? EXTENSION_ID;
  if (chromium === undefined)
    throw new Stop(
      'This build does not know its extension id: give it with --extension-id (chrome://extensions shows it).',
      EXIT.usage,
    );
  const hostScript = fileURLToPath(new URL('./host.mjs', import.meta.url));
  if (!existsSync(hostScript))
    throw new Stop(`${hostScript} is missing: run \`npm run build\` first.`, EXIT.failed);
  const done = install(hostScript, dir, places, { chromium, firefox: GECKO_ID }, process.execPath);
  process.stdout.write(
    `Installed the host for ${command.browsers.join(', ')}:\n  ${done.program}\n${done.manifests
      .map((f) => `  ${f}`)
      .join('\n')}\nA browser that is running finds it within 30 s, or at its next start.\n`,
  );
  if (process.platform === 'win32')
    process.stdout.write(
      `On Windows, browsers find manifests through the registry; add these entries:\n${windowsEntries(
        places.map(({ browser }, i) => ({ browser, file: done.manifests[i] ?? '' })),
      ).join('\n')}\n`,
    );
}

async function run(command: Command): Promise<number> {
  switch (command.kind) {
    case 'help':
      if (command.topic !== undefined && !(command.topic in HELP))
        throw new UsageError(`"${command.topic}" is not a command`);
      process.stdout.write(HELP[command.topic ?? 'token-keeper'] ?? '');
      return EXIT.ok;
    case 'version':
      process.stdout.write(`${__TOKEN_KEEPER_VERSION__}\n`);
      return EXIT.ok;
    case 'token':
      process.stdout.write(`${(await token(command.target, command.minValid)).accessToken}\n`);
      return EXIT.ok;
    case 'header':
      process.stdout.write(
        `Authorization: ${authorization(await token(command.target, command.minValid))}\n`,
      );
      return EXIT.ok;
    case 'exec': {
      const got = await token(command.target, command.minValid);
      return exec(command.command, {
        TOKEN_KEEPER_TOKEN: got.accessToken,
        AUTHORIZATION: authorization(got),
      });
    }
    case 'status': {
      const got = value(await ask({ type: 'status' }));
      if (!('identities' in got)) throw mismatch();
      const { identities } = got;
      process.stdout.write(
        command.json
          ? `${JSON.stringify(identities, null, 2)}\n`
          : identities.length === 0
            ? 'No providers yet: add one in Token Keeper’s options.\n'
            : `${statusLines(identities, Date.now()).join('\n')}\n`,
      );
      return EXIT.ok;
    }
    case 'install':
    case 'uninstall':
      installCommand(command);
      return EXIT.ok;
  }
}

declare const __TOKEN_KEEPER_VERSION__: string;

/** The whole command: words on stderr for every failure, the exit code README documents. */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    return await run(parseArgs(argv));
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(
        `token-keeper: ${error.message}\nSee: token-keeper ${error.topic ?? ''} --help\n`.replace(
          'token-keeper  --help',
          'token-keeper --help',
        ),
      );
      return EXIT.usage;
    }
    if (error instanceof Stop) {
      process.stderr.write(`token-keeper: ${error.message}\n`);
      return error.code;
    }
    process.stderr.write(`token-keeper: ${String(error)}\n`);
    return EXIT.failed;
  }
}
