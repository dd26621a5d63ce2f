import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Plugin } from 'vite';

/**
 * The manifest without the `web_accessible_resources` the CRXJS build adds for the page bridge.
 * The bridge is a self-contained script the worker registers with
 * `scripting.registerContentScripts`, which needs no such entry; with it, any website could load
 * `chrome-extension://<id>/…/bridge.js` and so learn that Token Keeper is installed.
 */
export function withoutWebAccessible(text: string): string {
  const { web_accessible_resources: _, ...manifest } = JSON.parse(text) as Record<string, unknown>;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** Rewrites the written manifest (CRXJS writes it last, so this runs once the files are out). */
export function hiddenFromPages(): Plugin {
  return {
    name: 'token-keeper:hidden-from-pages',
    apply: 'build',
    async writeBundle(options) {
      const path = join(options.dir ?? '', 'manifest.json');
      await writeFile(path, withoutWebAccessible(await readFile(path, 'utf8')));
    },
  };
}
