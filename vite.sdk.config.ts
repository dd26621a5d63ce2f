import { defineConfig } from 'vite';

/**
 * The page SDK: one small ES module in dist-sdk/, with a `token-keeper.d.ts` beside it that points
 * at the declarations `tsc -p tsconfig.sdk.json` writes to dist-sdk/types/.
 */
export default defineConfig({
  publicDir: false,
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
    outDir: 'dist-sdk',
    emptyOutDir: true,
    lib: { entry: 'src/sdk/token-keeper.ts', formats: ['es'], fileName: () => 'token-keeper.js' },
    minify: true,
  },
});
