import { appendFileSync, chmodSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MAX_TERMINAL_REQUEST_BYTES } from '../shared/terminal-protocol';
import { encodeFrame, frameReader } from './framing';
import { SOCKET_NAME, privateDir, socketDir } from './socket-path';

/**
 * The native-messaging host (docs/architecture.md, "The terminal"). The browser starts it when the
 * worker opens its port and ends it when the port closes. It relays: each line a `token-keeper`
 * command writes to its socket goes to the worker numbered, the worker's answer goes back to that
 * command alone. It keeps nothing; its log says what happened, never what was in a message.
 */

/** The longest a command waits for the worker (a consent window's two minutes, then a refresh). */
const ANSWER_MS = 150_000;

const uid = process.getuid?.() ?? 0;
const dir = privateDir(socketDir(process.env, uid, tmpdir()), uid);
const path = join(dir, SOCKET_NAME);
const logFile = join(dir, 'host.log');

function log(line: string): void {
  try {
    appendFileSync(logFile, `${new Date().toISOString()} [${process.pid}] ${line}\n`, {
      mode: 0o600,
    });
  } catch {
    // A log that cannot be written is no reason to stop relaying.
  }
}

const toWorker = (message: unknown) => process.stdout.write(encodeFrame(message));

let next = 0;
const waiting = new Map<number, Socket>();

/** Answers a command by itself (a refusal of the host's own); the worker never sees the request. */
function refuse(socket: Socket, message: string): void {
  socket.end(`${JSON.stringify({ ok: false, error: { code: 'bad_request', message } })}\n`);
}

function serve(socket: Socket): void {
  let received = Buffer.alloc(0);
  let sent = false;
  socket.setTimeout(ANSWER_MS, () => socket.destroy());
  socket.on('error', () => undefined);
  socket.on('data', (chunk: Buffer) => {
    if (sent) return;
    received = Buffer.concat([received, chunk]);
    const end = received.indexOf(0x0a);
    if (end === -1 && received.length <= MAX_TERMINAL_REQUEST_BYTES) return;
    sent = true;
    if (end === -1 || end > MAX_TERMINAL_REQUEST_BYTES) {
      log('refused a request longer than 16 KB');
      refuse(socket, `A request is one line of at most ${MAX_TERMINAL_REQUEST_BYTES} bytes.`);
      return;
    }
    let request: unknown;
    try {
      request = JSON.parse(received.subarray(0, end).toString('utf8'));
    } catch {
      log('refused a request that is not JSON');
      refuse(socket, 'A request is one line of JSON.');
      return;
    }
    next += 1;
    const id = next;
    waiting.set(id, socket);
    socket.on('close', () => waiting.delete(id));
    log(`request ${id} relayed`);
    toWorker({ id, request });
  });
}

/** The worker's answer to request `id`, to the command that asked, if it still waits. */
function answer(message: unknown): void {
  const { id, reply } = (message ?? {}) as { id?: unknown; reply?: unknown };
  const socket = typeof id === 'number' ? waiting.get(id) : undefined;
  if (!socket) return;
  waiting.delete(id as number);
  log(`request ${String(id)} answered`);
  socket.end(`${JSON.stringify(reply ?? null)}\n`);
}

const server = createServer(serve);

/** Whether this host holds the socket (another browser's may, while this one waits). */
let listening = false;

function removeSocket(): void {
  try {
    unlinkSync(path);
  } catch {
    // Already gone.
  }
}

function stop(why: string): never {
  log(`stopping: ${why}`);
  server.close();
  if (listening) removeSocket();
  process.exit(0);
}

/**
 * Listens on the socket. A socket file nobody answers on is a host that ended without removing it:
 * it is replaced. One that answers belongs to a host of another browser: this one tries again
 * every second, and takes over when that one ends.
 */
function listen(): void {
  server.once('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EADDRINUSE') stop(`cannot listen on ${path}: ${error.code ?? ''}`);
    const probe = createConnection(path);
    probe.on('connect', () => {
      probe.destroy();
      setTimeout(listen, 1000);
    });
    probe.on('error', () => {
      removeSocket();
      listen();
    });
  });
  server.listen(path, () => {
    listening = true;
    chmodSync(path, 0o600);
    log(`listening on ${path}`);
    toWorker({ hello: { socket: path } });
  });
}

const reader = frameReader();
process.stdin.on('data', (chunk: Buffer) => {
  let messages: unknown[];
  try {
    messages = reader.push(chunk);
  } catch (error) {
    stop(`the browser sent ${String(error)}`);
  }
  for (const message of messages) answer(message);
});
process.stdin.on('end', () => stop('the browser closed the port'));
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
listen();
