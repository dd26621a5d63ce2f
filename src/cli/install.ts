import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HOST_NAME } from '../shared/terminal-protocol';
import type { Browser } from './args';

/** Where each browser looks for host manifests (each browser's own documentation). */
export function manifestDir(
  browser: Browser,
  where: { platform: NodeJS.Platform; home: string; system: boolean; userDataDir?: string },
): string {
  const { platform, home, system, userDataDir } = where;
  // A Chromium started with --user-data-dir reads per-user hosts from inside that folder.
  if (userDataDir !== undefined && browser !== 'firefox')
    return join(userDataDir, 'NativeMessagingHosts');
  if (platform === 'darwin') {
    const base = system ? '/Library' : join(home, 'Library');
    return {
      chromium: join(base, 'Application Support/Chromium/NativeMessagingHosts'),
      chrome: system
        ? '/Library/Google/Chrome/NativeMessagingHosts'
        : join(base, 'Application Support/Google/Chrome/NativeMessagingHosts'),
      firefox: join(base, 'Application Support/Mozilla/NativeMessagingHosts'),
    }[browser];
  }
  if (system)
    return {
      chromium: '/etc/chromium/native-messaging-hosts',
      chrome: '/etc/opt/chrome/native-messaging-hosts',
      firefox: '/usr/lib/mozilla/native-messaging-hosts',
    }[browser];
  return {
    chromium: join(home, '.config/chromium/NativeMessagingHosts'),
    chrome: join(home, '.config/google-chrome/NativeMessagingHosts'),
    firefox: join(home, '.mozilla/native-messaging-hosts'),
  }[browser];
}

/** Where the host program itself is put: a folder of Token Keeper's, per user or for everyone. */
export function programDir(where: {
  platform: NodeJS.Platform;
  home: string;
  system: boolean;
  env: Readonly<Record<string, string | undefined>>;
}): string {
  const { platform, home, system, env } = where;
  if (platform === 'darwin')
    return join(system ? '/Library' : join(home, 'Library'), 'Application Support/Token Keeper');
  if (system) return '/usr/local/lib/token-keeper';
  return join(env['XDG_DATA_HOME'] ?? join(home, '.local/share'), 'token-keeper');
}

/**
 * A host manifest: Chromium browsers name the extensions that may start the host by origin,
 * Firefox by add-on id.
 */
export function hostManifest(
  browser: Browser,
  launcher: string,
  ids: { readonly chromium: string; readonly firefox: string },
): Record<string, unknown> {
  return {
    name: HOST_NAME,
    description: 'Token Keeper: hands current access tokens to the token-keeper command',
    path: launcher,
    type: 'stdio',
    ...(browser === 'firefox'
      ? { allowed_extensions: [ids.firefox] }
      : { allowed_origins: [`chrome-extension://${ids.chromium}/`] }),
  };
}

/**
 * The program the browser starts: node (the one running this install, by its full path: a browser
 * started from the desktop has another PATH) with the host script copied beside it, so the host
 * keeps working when the clone it came from moves or is rebuilt.
 */
export const launcherScript = (node: string, script: string): string =>
  `#!/bin/sh\nexec '${node.replaceAll("'", "'\\''")}' '${script.replaceAll("'", "'\\''")}'\n`;

export interface Installed {
  readonly program: string;
  readonly manifests: readonly string[];
}

/** Puts the host program in `dir` and a manifest for each browser; answers what it wrote. */
export function install(
  hostScript: string,
  dir: string,
  places: readonly { browser: Browser; dir: string }[],
  ids: { readonly chromium: string; readonly firefox: string },
  node: string,
): Installed {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const script = join(dir, 'host.mjs');
  copyFileSync(hostScript, script);
  const launcher = join(dir, 'token-keeper-host');
  writeFileSync(launcher, launcherScript(node, script), { mode: 0o755 });
  const manifests = places.map(({ browser, dir: folder }) => {
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `${HOST_NAME}.json`);
    writeFileSync(file, `${JSON.stringify(hostManifest(browser, launcher, ids), null, 2)}\n`);
    return file;
  });
  return { program: launcher, manifests };
}

/** Removes the manifests this install wrote (a file of that name that is not ours stays) and the program. */
export function uninstall(
  dir: string,
  places: readonly { browser: Browser; dir: string }[],
): string[] {
  const removed: string[] = [];
  for (const { dir: folder } of places) {
    const file = join(folder, `${HOST_NAME}.json`);
    let ours: boolean;
    try {
      ours = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name === HOST_NAME;
    } catch {
      continue;
    }
    if (!ours) continue;
    rmSync(file);
    removed.push(file);
  }
  rmSync(join(dir, 'host.mjs'), { force: true });
  rmSync(join(dir, 'token-keeper-host'), { force: true });
  return removed;
}

/** What `install` cannot do on Windows, where browsers find manifests through the registry. */
export function windowsEntries(written: readonly { browser: Browser; file: string }[]): string[] {
  const key = { chromium: 'Chromium', chrome: 'Google\\Chrome', firefox: 'Mozilla' };
  return written.map(
    ({ browser, file }) =>
      `REG ADD "HKCU\\Software\\${key[browser]}\\NativeMessagingHosts\\${HOST_NAME}" /ve /t REG_SZ /d "${file}" /f`,
  );
}
