import { defineConfig } from 'vitest/config';
import source from './manifest.json' with { type: 'json' };
import { idOfKey } from './src/build/extension-id';

export default defineConfig({
  // Unit tests run as the development build: its key's id.
  define: { __TOKEN_KEEPER_EXTENSION_ID__: JSON.stringify(idOfKey(source.key)) },
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    coverage: {
      provider: 'v8',
      include: ['src/core/**/*.ts'],
      exclude: ['src/core/**/*.test.ts', 'src/core/__fixtures__/**'],
      reporter: ['text-summary', 'text'],
      thresholds: { lines: 90 },
    },
  },
});
