import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { round } from './stats';

export type Sizes = Record<string, { minified: number; gzipped: number }>;

/** Each entry, and the peers, bundled the same way: esbuild, minified, then gzipped. */
export async function sizes(): Promise<Sizes> {
  const entries: Record<string, string> = {
    'worker (src/background)': "import './src/background/service-worker.ts';",
    'popup (src/popup)': "import './src/popup/main.tsx';",
    'options (src/options)': "import './src/options/main.tsx';",
    'bridge (src/content)': "import './src/content/bridge.ts';",
    'SDK (src/sdk)': "export * from './src/sdk/token-keeper.ts';",
    'peer: oidc-client-ts UserManager': "export { UserManager } from 'oidc-client-ts';",
    'peer: auth0-spa-js Auth0Client': "export { Auth0Client } from '@auth0/auth0-spa-js';",
  };
  const out: Sizes = {};
  for (const [name, contents] of Object.entries(entries)) {
    const result = await build({
      stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
      // Stylesheets are files of their own, as they were when the pages linked them: not counted.
      loader: { '.css': 'empty' },
      define: { 'process.env.NODE_ENV': '"production"' },
      plugins: [
        {
          // CRXJS resolves the bridge's file name at build time; here it is a string like it.
          name: 'crx-script-import',
          setup(b) {
            b.onResolve({ filter: /\?script&iife$/ }, (args) => ({
              path: args.path,
              namespace: 'crx-script',
            }));
            b.onLoad({ filter: /.*/, namespace: 'crx-script' }, () => ({
              contents: 'export default "bridge.js"',
              loader: 'js',
            }));
          },
        },
      ],
    });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    out[name] = {
      minified: round(code.length / 1024),
      gzipped: round(gzipSync(code).length / 1024),
    };
  }
  return out;
}
