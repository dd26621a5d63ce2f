import { defineConfig } from 'vite';
import source from './manifest.json' with { type: 'json' };
import { buildIdentity } from './src/build/extension-id';

/**
 * The page SDK: one small ES module in dist-sdk/, with a `token-keeper.d.ts` beside it that points
 * at the declarations `tsc -p tsconfig.sdk.json` writes to dist-sdk/types/.
 */
export default defineConfig({
  publicDir: false,
  // The id the SDK sends to in Chrome: the build's (README "Packages"); none for a keyless build
  // whose store id is not given, which then reaches the extension through the page bridge only.
  define: {
    __TOKEN_KEEPER_EXTENSION_ID__: JSON.stringify(
      buildIdentity(process.env, source.key).extensionId ?? null,
    ),
  },
  plugins: [
    {
      name: 'sdk-types-entry',
      generateBundle() {
        this.emitFile({
          type: 'asset',
          fileName: 'token-keeper.d.ts',
          source: "export * from './types/sdk/token-keeper.js';\n",
        });
      },
    },
  ],
  build: {
    outDir: process.env['TOKEN_KEEPER_SDK_OUT_DIR'] ?? 'dist-sdk',
    emptyOutDir: true,
    lib: { entry: 'src/sdk/token-keeper.ts', formats: ['es'], fileName: () => 'token-keeper.js' },
    minify: true,
  },
});
