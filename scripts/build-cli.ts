// Builds the `token-keeper` command and its native-messaging host into dist-cli/ (README, "The
// terminal"): one plain ES module each, for the node that runs them, nothing to install beside.
import { chmodSync } from 'node:fs';
import { build } from 'esbuild';
import source from '../manifest.json' with { type: 'json' };
import pkg from '../package.json' with { type: 'json' };
import { buildIdentity } from '../src/build/extension-id';

const identity = buildIdentity(process.env, source.key);
const common = {
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
  define: {
    __TOKEN_KEEPER_EXTENSION_ID__: JSON.stringify(identity.extensionId ?? null),
    __TOKEN_KEEPER_VERSION__: JSON.stringify(pkg.version),
  },
} as const;

await build({
  ...common,
  entryPoints: ['src/cli/token-keeper.ts'],
  outfile: 'dist-cli/token-keeper.mjs',
  banner: { js: '#!/usr/bin/env node' },
});
await build({ ...common, entryPoints: ['src/cli/host.ts'], outfile: 'dist-cli/host.mjs' });
chmodSync('dist-cli/token-keeper.mjs', 0o755);
