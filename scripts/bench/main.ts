// `npm run bench`: figures, never assertions (these machines are shared and noisy). Builds the
// extension, measures each figure on a fresh start (its own test servers and browser profile),
// prints tables and writes the same figures to bench-results.json. Timings are medians over
// BENCH_RUNS runs (default 5). What must hold whatever the timings (no token lost to a bad answer,
// one refresh for many callers, nothing for a denied page) is checked by the e2e tests.
import { spawnSync } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { UNAWAITED, breakdown } from './breakdown';
import { coldStartMs } from './cold-start';
import { oidcClientRenewalMs } from './peer-oidc-client';
import { popupFigures } from './popup';
import { refreshFigures } from './refresh';
import { sizes } from './sizes';
import { terminalFigures } from './terminal';
import { RUNS, round, table } from './stats';
import { popupTrace, type Breakdown } from './trace';
import { workerCpu } from './worker-profile';

if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' }).status !== 0)
  process.exit(1);

const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  sizes: await sizes(),
  refresh: await refreshFigures(),
  oidcClientTsRenewalMs: await oidcClientRenewalMs(),
  popup: await popupFigures(),
  coldStartMs: await coldStartMs(),
  breakdown: await breakdown(),
  popupTrace: await popupTrace(),
  workerCpu: await workerCpu(),
  terminal: await terminalFigures(),
};

table(
  'Sizes (esbuild, minified; KB)',
  ['bundle', 'minified', 'gzipped'],
  Object.entries(results.sizes).map(([n, s]) => [n, s.minified, s.gzipped]),
);
table(
  `Refresh (median of ${RUNS}; ms)`,
  ['dialect', 'Refresh now', 'plain fetch', 'ratio'],
  Object.entries(results.refresh).map(([n, r]) => [n, r.refreshMs, r.plainFetchMs, r.ratio]),
);
console.log(
  `\npeer, same machine: oidc-client-ts signinSilent() with a refresh token, in a page, against the same oidc-provider: ${results.oidcClientTsRenewalMs} ms`,
);
table(
  'Popup, in a 480 × 600 tab (ms); floor: the same screen as a static page with no script',
  [
    'providers',
    'first render',
    'same, worker stopped',
    'floor',
    'main thread per 1 s tick',
    'floor (bare DOM ticker)',
  ],
  Object.entries(results.popup).map(([n, p]) => [
    n,
    p.firstRenderMs,
    p.stoppedWorkerMs,
    p.staticFirstRenderMs,
    p.tickMainThreadMs ?? '–',
    p.staticTickMs ?? '–',
  ]),
);
const phases = (title: string, b: Breakdown) =>
  table(
    title,
    ['phase', 'ms'],
    Object.entries(b).map(([k, v]) => [k, v]),
  );
phases(
  'Popup at 100 providers, first render, from Chromium’s trace (tracing slows the page)',
  results.popupTrace.firstRender,
);
phases(
  'Popup at 100 providers, one second of ticking, from the trace',
  results.popupTrace.tickPerSecond,
);
table(
  'Worker (ms)',
  ['figure', 'value'],
  [['cold start: killed worker → first answer', results.coldStartMs]],
);
const awaited = results.breakdown.filter((c) => !(c.call in UNAWAITED));
const platformMs = round(awaited.reduce((sum, c) => sum + c.perRefresh * c.eachMs, 0));
table(
  'Where a refresh goes: each browser call it makes, timed alone in the worker (ms)',
  ['call', 'per refresh', 'each', 'total'],
  [
    ...results.breakdown.map((c) => [
      c.call in UNAWAITED ? `${c.call}, not waited for` : c.call,
      c.perRefresh,
      c.eachMs,
      round(c.perRefresh * c.eachMs),
    ]),
    [
      'all those waited for, plus the request itself (keycloak, plain fetch)',
      '',
      '',
      round(platformMs + (results.refresh['keycloak']?.plainFetchMs ?? 0)),
    ],
    ['measured: Refresh now (keycloak)', '', '', results.refresh['keycloak']?.refreshMs ?? '–'],
  ],
);
table(
  'The worker’s CPU per "Refresh now" (keycloak), from a V8 profile of the worker (ms)',
  ['who', 'ms'],
  Object.entries(results.workerCpu).map(([k, v]) => [k, v]),
);
table(
  'The terminal: `token-keeper token` for a fresh token, started to exited (median of 15; ms)',
  [
    'token-keeper token',
    'floor: node, empty script',
    'floor: node + one socket round trip to a host that answers at once',
  ],
  [[results.terminal.tokenMs, results.terminal.emptyNodeMs, results.terminal.instantHostMs]],
);
await writeFile('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWritten to bench-results.json');
