import { crx } from '@crxjs/vite-plugin';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import manifest from './manifest.json' with { type: 'json' };

export default defineConfig({
  plugins: [react(), crx({ manifest })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Readable stack traces in the extension's own consoles; sizes are measured minified by bench.
    sourcemap: true,
    // Pages the manifest does not name: the consent window.
    rolldownOptions: { input: { consent: 'src/consent/index.html' } },
  },
  server: { strictPort: true, port: 5173 },
});
