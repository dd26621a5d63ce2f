import { spawn } from 'node:child_process';
import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Extension } from './extension';

const REPO = resolve(import.meta.dirname, '..');
/** The command as `npm run build` makes it, run by the node running the tests. */
export const CLI = join(REPO, 'dist-cli/token-keeper.mjs');

export interface Ran {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `token-keeper` as a user would, with the environment given on top of the tests' own. */
export function tokenKeeper(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Ran> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

/**
 * A copy of the built extension with `nativeMessaging` among its required permissions. Chromium
 * asks the user for an optional permission in a dialog of its own, which no automation can answer
 * (the options page's request is covered by the options store's unit test); everything after the
 * permission is the real build's code.
 */
export async function nativeGrantedBuild(): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'token-keeper-native-')), 'dist');
  await cp(join(REPO, 'dist'), dir, { recursive: true });
  const file = join(dir, 'manifest.json');
  const manifest = JSON.parse(await readFile(file, 'utf8')) as {
    permissions: string[];
    optional_permissions?: string[];
  };
  manifest.permissions.push('nativeMessaging');
  delete manifest.optional_permissions;
  await writeFile(file, JSON.stringify(manifest));
  return dir;
}

/** Waits until the worker's port to the host is open: the host then listens on its socket. */
export async function linkUp(extension: Extension, timeoutMs = 45_000): Promise<string> {
  for (const deadline = Date.now() + timeoutMs; Date.now() < deadline;) {
    const reply = await extension.ask({ type: 'terminalAccess' }).catch(() => undefined);
    if (reply?.ok && reply.value.link.kind === 'connected') return reply.value.link.socket;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the terminal link did not come up');
}
