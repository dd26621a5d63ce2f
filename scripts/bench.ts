// `npm run bench`: figures, never assertions (these machines are shared and noisy). Runs the built
// extension in headless Chromium against the test servers, prints a table and writes the same
// figures to bench-results.json. Each figure is a median over repeated runs.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProfile } from '../src/core/presets';
import { Extension, launchWithExtension, serviceWorkerOf } from '../e2e/extension';
import { CREDENTIALS, startServers, stopServers } from '../e2e/servers/all';
import { KEYCLOAK_REALM } from '../e2e/servers/keycloak';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SIZES = [1, 20, 50, 100];
const TICK_SECONDS = 5;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;

if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' }).status !== 0)
  process.exit(1);
const servers = await startServers();
const dir = await mkdtemp(join(tmpdir(), 'token-keeper-bench-'));
const context = await launchWithExtension(dir);
const id = new URL((await serviceWorkerOf(context)).url()).host;
const page = await context.newPage();
const popupUrl = `chrome-extension://${id}/src/popup/index.html`;
await page.goto(popupUrl);
const extension = new Extension(context, page, id);

/** Connected Keycloak-dialect providers, so every row has countdowns to tick. */
async function ensureProviders(count: number, have: number): Promise<void> {
  for (let i = have; i < count; i += 1) {
    const profile = createProfile('keycloak', {
      id: `kc-${String(i).padStart(3, '0')}`,
      name: `Provider ${i}`,
      base: `${servers.keycloak.url}${KEYCLOAK_REALM}`,
    });
    await extension.save(profile);
    await extension.ask({ type: 'connect', providerId: profile.id, credentials: CREDENTIALS.user });
  }
}

const popup: Record<string, { firstRenderMs: number; tickMainThreadMs?: number }> = {};
let have = 0;
for (const size of SIZES) {
  await ensureProviders(size, have);
  have = size;
  const renders: number[] = [];
  const ticks: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const view = await context.newPage();
    await view.goto(popupUrl);
    await view.waitForFunction(
      (n) => document.querySelectorAll('[data-provider]').length === n,
      size,
    );
    renders.push(await view.evaluate(() => performance.now()));
    if (size === 100 || size === 50) {
      const cdp = await context.newCDPSession(view);
      await cdp.send('Performance.enable');
      const task = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
          ?.value ?? 0;
      const before = await task();
      await view.waitForTimeout(TICK_SECONDS * 1000);
      ticks.push((((await task()) - before) * 1000) / TICK_SECONDS);
      await cdp.detach();
    }
    await view.close();
  }
  popup[`${size} providers`] = {
    firstRenderMs: round(median(renders)),
    ...(ticks.length > 0 && { tickMainThreadMs: round(median(ticks)) }),
  };
}

await context.close();
await stopServers(servers);
await rm(dir, { recursive: true, force: true });

console.log(`\nPopup (median of ${RUNS} runs; a tick is one second of countdowns)`);
console.log('| providers | first render of the list (ms) | main-thread time per tick (ms) |');
console.log('|---|---|---|');
for (const [size, figures] of Object.entries(popup)) {
  console.log(
    `| ${size.split(' ')[0]} | ${figures.firstRenderMs} | ${figures.tickMainThreadMs ?? '–'} |`,
  );
}
const results = { date: new Date().toISOString(), runs: RUNS, popup };
await writeFile('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWritten to bench-results.json');
