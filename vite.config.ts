import { crx, type ManifestV3Export } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import source from './manifest.json' with { type: 'json' };
import pkg from './package.json' with { type: 'json' };
import { buildIdentity } from './src/build/extension-id';
import { firefoxManifest } from './src/build/firefox-manifest';
import { hiddenFromPages } from './src/build/hidden-from-pages';
import { noRawHtml } from './src/build/no-raw-html';

// `vite build` writes the Chromium extension to dist/; `vite build --mode firefox` (npm run
// build:firefox) writes the Firefox one to dist-firefox/ from the same sources.
// One version, package.json's, in both browsers' manifests. The key, and with it the extension's
// id, is a build input (`TOKEN_KEEPER_KEY`, `TOKEN_KEEPER_EXTENSION_ID`; README "Packages").
const { key: devKey, ...rest } = source;
const identity = buildIdentity(process.env, devKey);
const manifest = {
  ...rest,
  ...(identity.key !== undefined && { key: identity.key }),
  version: pkg.version,
};

export default defineConfig(({ mode }) => {
  const firefox = mode === 'firefox';
  return {
    plugins: [
      noRawHtml(),
      react(),
      firefox
        ? // CRXJS's manifest type has no `gecko_android`; the unit test checks the shape instead.
          crx({
            manifest: firefoxManifest(manifest) as unknown as ManifestV3Export,
            browser: 'firefox',
          })
        : crx({ manifest }),
      hiddenFromPages(),
    ],
    define: { __TOKEN_KEEPER_EXTENSION_ID__: JSON.stringify(identity.extensionId ?? null) },
    build: {
      outDir: process.env['TOKEN_KEEPER_OUT_DIR'] ?? (firefox ? 'dist-firefox' : 'dist'),
      emptyOutDir: true,
      // Readable stack traces in the extension's own consoles; sizes are measured minified by bench.
      sourcemap: true,
      // Pages the manifest does not name: the consent window.
      rolldownOptions: { input: { consent: 'src/consent/index.html' } },
    },
    server: { strictPort: true, port: 5173 },
  };
});
