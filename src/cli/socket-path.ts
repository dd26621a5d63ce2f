import { lstatSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

/** The socket's file in its folder. */
export const SOCKET_NAME = 'host.sock';

/**
 * The folder of the host's socket for this OS user: `$XDG_RUNTIME_DIR/token-keeper` (a folder only
 * this user can enter, which the system empties at logout), else one of the user's own in the temp
 * directory (per user on macOS already; named by the uid elsewhere).
 */
export function socketDir(
  env: Readonly<Record<string, string | undefined>>,
  uid: number,
  tmp: string,
): string {
  const runtime = env['XDG_RUNTIME_DIR'];
  return runtime ? join(runtime, 'token-keeper') : join(tmp, `token-keeper-${uid}`);
}

/**
 * Makes `dir` (mode 0700) unless it is there, and checks that it is this user's own and nobody
 * else's: a real folder, not a link, owned by `uid`, no access for group or others. A folder
 * someone else made at that name (in a shared temp directory, say) is refused, not used.
 */
export function privateDir(dir: string, uid: number): string {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stat = lstatSync(dir);
  const problem = !stat.isDirectory()
    ? 'is not a folder'
    : stat.uid !== uid
      ? `belongs to another user (uid ${stat.uid})`
      : (stat.mode & 0o077) !== 0
        ? `can be opened by other users (mode ${(stat.mode & 0o777).toString(8)})`
        : undefined;
  if (problem !== undefined)
    throw new Error(
      `${dir} ${problem}: Token Keeper keeps its socket only in a folder of yours alone. Remove it and try again.`,
    );
  return dir;
}
