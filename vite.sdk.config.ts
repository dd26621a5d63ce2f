import { defineConfig } from 'vite';

/** The page SDK: one small ES module, written beside its types in dist-sdk/. */
export default defineConfig({
  publicDir: false,
  build: {
    outDir: 'dist-sdk',
    emptyOutDir: true,
    lib: { entry: 'src/sdk/token-keeper.ts', formats: ['es'], fileName: () => 'token-keeper.js' },
    minify: true,
  },
});
