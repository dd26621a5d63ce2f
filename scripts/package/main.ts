/**
 * `npm run package`: from a clean build of a clean checkout, the three files a store release
 * needs, in `packages/` (or `PACKAGE_DIR`):
 *
 * - `token-keeper-chromium-<version>.zip`: `dist/`, for the Chrome Web Store;
 * - `token-keeper-firefox-<version>.zip`: `dist-firefox/`, for addons.mozilla.org, first checked
 *   by `web-ext lint` with warnings as errors;
 * - `token-keeper-<version>-source.zip`: every tracked file, and `SOURCE-BUILD.md`, the commands a
 *   reviewer runs to make the same two zips from it.
 *
 * The same commit gives the same bytes: the build is deterministic and `zip.ts` writes no time,
 * order or owner of its own. Source maps stay out of the store zips (the source zip has the code).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import pkg from '../../package.json' with { type: 'json' };
import { zip, type ZipEntry } from './zip';

const ROOT = resolve(import.meta.dirname, '..', '..');
const OUT = resolve(process.env['PACKAGE_DIR'] ?? join(ROOT, 'packages'));
const { version } = pkg;

function run(command: string, args: readonly string[]): void {
  const done = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (done.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${done.status})`);
}

/** Every file under `dir`, by its path inside it; source maps left out. */
async function filesOf(dir: string): Promise<ZipEntry[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries.filter((e) => e.isFile() && !e.name.endsWith('.map'));
  return Promise.all(
    files.map(async (e) => {
      const path = join(e.parentPath, e.name);
      return { name: relative(dir, path).split('\\').join('/'), data: await readFile(path) };
    }),
  );
}

/** The build inputs these packages were made with, said so that a reviewer sets the same. */
function buildEnvironment(): string {
  const set = ['TOKEN_KEEPER_KEY', 'TOKEN_KEEPER_EXTENSION_ID'].flatMap((name) => {
    const value = process.env[name];
    return value ? [`${name}=${value}`] : [];
  });
  return set.length === 0
    ? 'These packages carry the development key of `manifest.json` (no build input was set).'
    : `These packages were built with \`${set.join(' ')}\` set (README, "The extension id is a build input"); set the same before \`npm run build\`.`;
}

/** The rebuild instructions that travel in the source zip. */
const SOURCE_BUILD = `# Building Token Keeper ${version} from this source

On Linux or macOS with Node.js ${pkg.engines.node} and npm:

    npm ci
    npm run build

This writes the Chromium extension to \`dist/\` and the Firefox one to \`dist-firefox/\`. The
store packages are those two folders zipped without their \`.map\` files: \`npm run package\` does
exactly that (and checks the Firefox one with \`web-ext lint\`), byte for byte the same as the
packages submitted, from a clean git checkout of this version.

Nothing is fetched or generated at run time; the code in the packages is this code, bundled and
minified by Vite (see \`vite.config.ts\`).

${buildEnvironment()}
`;

async function main(): Promise<void> {
  const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: ROOT, encoding: 'utf8' });
  if (dirty.trim() !== '')
    throw new Error('Commit or stash your changes first: a package is made from a clean checkout.');
  await rm(join(ROOT, 'dist'), { recursive: true, force: true });
  await rm(join(ROOT, 'dist-firefox'), { recursive: true, force: true });
  run('npm', ['run', 'build', '--silent']);
  run('npx', [
    'web-ext',
    'lint',
    '--source-dir',
    'dist-firefox',
    '--warnings-as-errors',
    '--no-input',
  ]);

  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' })
    .split('\0')
    .filter(Boolean);
  const source = await Promise.all(
    tracked.map(async (name) => ({ name, data: await readFile(join(ROOT, name)) })),
  );
  source.push({ name: 'SOURCE-BUILD.md', data: Buffer.from(SOURCE_BUILD) });

  await mkdir(OUT, { recursive: true });
  const made = {
    [`token-keeper-chromium-${version}.zip`]: zip(await filesOf(join(ROOT, 'dist'))),
    [`token-keeper-firefox-${version}.zip`]: zip(await filesOf(join(ROOT, 'dist-firefox'))),
    [`token-keeper-${version}-source.zip`]: zip(source),
  };
  for (const [name, bytes] of Object.entries(made)) {
    await writeFile(join(OUT, name), bytes);
    console.log(
      `${relative(process.cwd(), join(OUT, name))}  ${(bytes.length / 1024).toFixed(0)} KB`,
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
