import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { CREDENTIALS, FIREFOX_REDIRECT_URI, REDIRECT_URI } from './all';

/** Debian's Python, which has Django OAuth Toolkit (`python3-django-oauth-toolkit`). */
export const DOT_PYTHON = '/usr/bin/python3';
const SERVE = resolve(import.meta.dirname, 'dot', 'serve.py');

/** Django OAuth Toolkit, a production OAuth server, running as its users run it (`dot/`). */
export interface DotServer {
  readonly url: string;
  /** Its OpenID Connect issuer, as a user types it into the options page. */
  readonly issuer: string;
  readonly clientId: string;
  /** The refresh tokens in its database, in order: revoked or not. */
  refreshTokens(): Promise<{ revoked: boolean }[]>;
  /** Marks every live refresh token revoked in its database, as an administrator would. */
  revokeRefreshTokens(): Promise<number>;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((done) => probe.close(() => done()));
  return port;
}

/**
 * Starts it on a free port with a fresh database; resolves once its discovery answers. Its users:
 * the test user, and `moreUsers` beside it (each can log in on Django's admin login page).
 */
export async function startDot(
  accessSeconds: number,
  moreUsers: readonly { username: string; password: string }[] = [],
  { inHouse = false }: { inHouse?: boolean } = {},
): Promise<DotServer> {
  const state = await mkdtemp(join(tmpdir(), 'dot-'));
  const port = await freePort();
  const clientId = 'token-keeper';
  const { username, password } = CREDENTIALS.user;
  const child = spawn(
    DOT_PYTHON,
    [SERVE, String(port), username, password, clientId, REDIRECT_URI, FIREFOX_REDIRECT_URI],
    {
      env: {
        ...process.env,
        DOT_STATE_DIR: state,
        DOT_ACCESS_SECONDS: String(accessSeconds),
        DOT_MORE_USERS: moreUsers.map((u) => `${u.username}:${u.password}`).join(','),
        DOT_SKIP_AUTHORIZATION: inHouse ? '1' : '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => (output = `${output}${chunk.toString('utf8')}`.slice(-4000));
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  const exited = new Promise<number | null>((done) => child.once('exit', done));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
    await rm(state, { recursive: true, force: true });
  };
  for (const deadline = Date.now() + 60_000; ;) {
    if (child.exitCode !== null) throw new Error(`Django OAuth Toolkit exited:\n${output}`);
    const up = await fetch(`${url}/o/.well-known/openid-configuration/`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`Django OAuth Toolkit did not start:\n${output}`);
    }
    await new Promise((done) => setTimeout(done, 250));
  }
  return {
    url,
    issuer: `${url}/o`,
    clientId,
    async refreshTokens() {
      const res = await fetch(`${url}/test/state`);
      return ((await res.json()) as { refreshTokens: { revoked: boolean }[] }).refreshTokens;
    },
    async revokeRefreshTokens() {
      const res = await fetch(`${url}/test/revoke-refresh-tokens`, { method: 'POST' });
      return ((await res.json()) as { revoked: number }).revoked;
    },
    stop,
  };
}
