// `npm run bench`: figures, never assertions (these machines are shared and noisy). Runs the built
// extension in headless Chromium against the test servers, prints tables and writes the same
// figures to bench-results.json. Timings are medians over repeated runs (BENCH_RUNS, default 5);
// the soak runs BENCH_SOAK_SECONDS (default 60).
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { build } from 'esbuild';
import { JOIN_WINDOW_MS } from '../src/background/refresh';
import { createProfile } from '../src/core/presets';
import * as oauth from 'oauth4webapi';
import { Extension, killWorker, launchWithExtension, serviceWorkerOf } from '../e2e/extension';
import { profilesFor } from '../e2e/profiles';
import {
  CREDENTIALS,
  REDIRECT_URI,
  SERVER_NAMES,
  startServers,
  stopServers,
  type ServerName,
} from '../e2e/servers/all';
import type { FaultMode } from '../e2e/servers/harness';
import { KEYCLOAK_REALM } from '../e2e/servers/keycloak';
import { OIDC_CLIENT_ID } from '../e2e/servers/oidc';

const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);
const SOAK_SECONDS = Number(process.env['BENCH_SOAK_SECONDS'] ?? 60);
/** Tokens this short outlive no alarm (30 s floor): the soak leans on refresh-on-read. */
const SOAK_TOKEN_SECONDS = 5;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};
const round = (n: number) => Math.round(n * 10) / 10;
const times = async (n: number, task: () => Promise<number>) => {
  const out: number[] = [];
  for (let i = 0; i < n; i += 1) out.push(await task());
  return round(median(out));
};
const timed = async (task: () => Promise<unknown>) => {
  const start = performance.now();
  await task();
  return performance.now() - start;
};

/** Each entry, and the peers, bundled the same way: esbuild, minified, then gzipped. */
async function sizes(): Promise<Record<string, { minified: number; gzipped: number }>> {
  const entries: Record<string, string> = {
    'worker (src/background)': "import './src/background/service-worker.ts';",
    'popup (src/popup)': "import './src/popup/main.tsx';",
    'options (src/options)': "import './src/options/main.tsx';",
    'bridge (src/content)': "import './src/content/bridge.ts';",
    'SDK (src/sdk)': "export * from './src/sdk/token-keeper.ts';",
    'peer: oidc-client-ts UserManager': "export { UserManager } from 'oidc-client-ts';",
    'peer: auth0-spa-js Auth0Client': "export { Auth0Client } from '@auth0/auth0-spa-js';",
  };
  const out: Record<string, { minified: number; gzipped: number }> = {};
  for (const [name, contents] of Object.entries(entries)) {
    const result = await build({
      stdin: { contents, resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
      jsx: 'automatic',
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

if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'ignore' }).status !== 0)
  process.exit(1);
const bundleSizes = await sizes();
const servers = await startServers();
const profiles = await profilesFor(servers);
const dir = await mkdtemp(join(tmpdir(), 'token-keeper-bench-'));
const context: BrowserContext = await launchWithExtension(dir);
const worker: Worker = await serviceWorkerOf(context);
const id = new URL(worker.url()).host;
const page: Page = await context.newPage();
const popupUrl = `chrome-extension://${id}/src/popup/index.html`;
await page.goto(popupUrl);
const extension = new Extension(context, page, id);
for (const name of SERVER_NAMES) await extension.connected(profiles[name]);

// Refresh overhead: "Refresh now" (trigger → new token stored → answer) against a plain fetch of
// the same endpoint from the same worker.
const refreshUrl = (name: ServerName) => {
  const p = profiles[name];
  return { url: p.refresh?.url ?? '', method: p.refresh?.method ?? 'POST' };
};
const refresh: Record<string, { refreshMs: number; plainFetchMs: number; ratio: number }> = {};
/** "Refresh now" within JOIN_WINDOW_MS of the last refresh joins it: wait that out, untimed. */
const pastJoinWindow = () => new Promise((resolve) => setTimeout(resolve, JOIN_WINDOW_MS + 100));
for (const name of SERVER_NAMES) {
  const refreshMs = await times(RUNS, async () => {
    await pastJoinWindow();
    return timed(() => extension.ask({ type: 'refresh', providerId: name }));
  });
  const plainFetchMs = await times(RUNS, () =>
    worker.evaluate(async ({ url, method }) => {
      const start = performance.now();
      await (await fetch(url, { method, credentials: 'omit', cache: 'no-store' })).text();
      return performance.now() - start;
    }, refreshUrl(name)),
  );
  refresh[name] = {
    refreshMs,
    plainFetchMs,
    ratio: round(refreshMs / Math.max(plainFetchMs, 0.1)),
  };
}

// Peer: oidc-client-ts renewing with a refresh token, in a page, against the same oidc-provider.
// The refresh token comes from a code flow run here, its redirect caught before it leaves.
async function oidcClientRenewalMs(): Promise<number> {
  const issuer = servers.oidc.url;
  const webapp = servers.webapps[1].url;
  servers.oidc.allowedOrigins.add(webapp);
  const verifier = oauth.generateRandomCodeVerifier();
  const authorize = new URL(`${issuer}/auth`);
  for (const [k, v] of Object.entries({
    client_id: OIDC_CLIENT_ID,
    response_type: 'code',
    redirect_uri: REDIRECT_URI,
    scope: 'openid',
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
  })) {
    authorize.searchParams.set(k, v);
  }
  // The redirect to chromiumapp.org is caught as a request (it resolves nowhere), code and all.
  const signIn = await context.newPage();
  const redirected = signIn.waitForRequest((r) => r.url().startsWith(REDIRECT_URI), {
    timeout: 30_000,
  });
  await signIn.goto(authorize.href).catch(() => undefined);
  for (let step = 0; step < 2 && !signIn.url().startsWith(REDIRECT_URI); step += 1) {
    if (await signIn.locator('input[name="login"]').count()) {
      await signIn.fill('input[name="login"]', CREDENTIALS.user.username);
      await signIn.fill('input[name="password"]', CREDENTIALS.user.password);
    }
    const submit = signIn.locator('button[type="submit"]');
    if (!(await submit.count())) break;
    await submit.click().catch(() => undefined);
    await signIn.waitForLoadState().catch(() => undefined);
  }
  const code = new URL((await redirected).url()).searchParams.get('code') ?? '';
  await signIn.close();
  const tokens = (await (
    await fetch(`${issuer}/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT_URI,
        code_verifier: verifier,
        client_id: OIDC_CLIENT_ID,
      }),
    })
  ).json()) as { refresh_token: string };

  const bundle = await build({
    stdin: {
      contents: "export { UserManager, User } from 'oidc-client-ts';",
      resolveDir: process.cwd(),
    },
    bundle: true,
    minify: true,
    write: false,
    format: 'esm',
    platform: 'browser',
  });
  const app = await context.newPage();
  await app.route(`${webapp}/oidc-client.js`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/javascript',
      body: bundle.outputFiles[0]?.text ?? '',
    }),
  );
  await app.goto(`${webapp}/blank`);
  const durations = await app.evaluate(
    async ({ issuer, clientId, redirectUri, refreshToken, runs }) => {
      const url: string = '/oidc-client.js';
      const { UserManager, User } = (await import(url)) as {
        UserManager: new (settings: object) => {
          storeUser(user: unknown): Promise<void>;
          signinSilent(): Promise<unknown>;
        };
        User: new (init: object) => unknown;
      };
      const manager = new UserManager({
        authority: issuer,
        client_id: clientId,
        redirect_uri: redirectUri,
        scope: 'openid',
      });
      await manager.storeUser(
        new User({
          access_token: 'expired',
          token_type: 'Bearer',
          refresh_token: refreshToken,
          scope: 'openid',
          profile: { sub: 'tester' },
          expires_at: 1,
        }),
      );
      await manager.signinSilent(); // the first one also loads the discovery document
      const out: number[] = [];
      for (let i = 0; i < runs; i += 1) {
        const start = performance.now();
        await manager.signinSilent();
        out.push(performance.now() - start);
      }
      return out;
    },
    {
      issuer,
      clientId: OIDC_CLIENT_ID,
      redirectUri: REDIRECT_URI,
      refreshToken: tokens.refresh_token,
      runs: RUNS,
    },
  );
  await app.close();
  return round(median(durations));
}
const oidcClientTsMs = await oidcClientRenewalMs();

// Worker cold start: a killed worker, then the first answered message.
const coldStartMs = await times(RUNS, async () => {
  await killWorker(page);
  return timed(() => extension.ask({ type: 'status' }));
});

// Robustness: bad answers from every dialect server; tokens must survive each.
const faults: FaultMode[] = ['html', 'error5xx', 'rate'];
let faultsRun = 0;
let faultsSurvived = 0;
let tokensLost = 0;
for (const name of SERVER_NAMES.filter((n) => n !== 'oidc')) {
  for (const mode of faults) {
    const before = await extension.ask({ type: 'getToken', providerId: name });
    servers[name].fault = { mode, times: 1 };
    await pastJoinWindow();
    await extension.ask({ type: 'refresh', providerId: name });
    const after = await extension.ask({ type: 'getToken', providerId: name });
    faultsRun += 1;
    if (!after.ok || !before.ok || after.value.accessToken !== before.value.accessToken)
      tokensLost += 1;
    await pastJoinWindow();
    if ((await extension.ask({ type: 'refresh', providerId: name })).ok) faultsSurvived += 1;
  }
}

// Concurrency: 20 triggers at once against one provider.
await pastJoinWindow();
servers.keycloak.reset();
servers.keycloak.fault = { mode: 'slow', delayMs: 500, times: 1 };
await page.evaluate(() =>
  Promise.all(
    Array.from({ length: 20 }, () =>
      chrome.runtime.sendMessage({ type: 'refresh', providerId: 'keycloak' }),
    ),
  ),
);
const concurrentRequests = servers.keycloak.requests.length;

// Hostile page requests from an origin the user denied: tokens disclosed must be 0.
const hostile = await context.newPage();
await hostile.goto(`${servers.webapps[1].url}/blank`);
const prompt = context.waitForEvent('page', {
  predicate: (p) => p.url().includes('/src/consent/'),
});
const askOnce = hostile.evaluate(
  (ext) =>
    new Promise((resolve) =>
      chrome.runtime.sendMessage(
        ext,
        { channel: 'page', request: { type: 'getToken', provider: 'keycloak' } },
        resolve,
      ),
    ),
  id,
);
await (await prompt).getByRole('button', { name: 'Deny' }).click();
await askOnce;
const hostileReplies = await hostile.evaluate(
  (ext) =>
    Promise.all(
      Array.from(
        { length: 500 },
        (_, i) =>
          new Promise<{ ok: boolean }>((resolve) =>
            chrome.runtime.sendMessage(
              ext,
              {
                channel: 'page',
                request:
                  i % 2
                    ? { type: 'getToken', provider: 'keycloak' }
                    : { type: 'getRefreshToken', provider: 'keycloak' },
              },
              resolve,
            ),
          ),
      ),
    ),
  id,
);
const disclosed = hostileReplies.filter((r) => r.ok).length;

// Soak: 20 providers with 5-second tokens, a page asking each for a token every 2 s.
servers.keycloak.settings.accessSeconds = SOAK_TOKEN_SECONDS;
const soakIds: string[] = [];
for (let i = 0; i < 20; i += 1) {
  const profile = createProfile('keycloak', {
    id: `soak-${i}`,
    name: `Soak ${i}`,
    base: `${servers.keycloak.url}${KEYCLOAK_REALM}`,
  });
  await extension.save(profile);
  await extension.ask({ type: 'connect', providerId: profile.id, credentials: CREDENTIALS.user });
  soakIds.push(profile.id);
}
servers.keycloak.reset();
const soak = await page.evaluate(
  async ({ ids, seconds }) => {
    let expiredSeen = 0;
    let answers = 0;
    let failures = 0;
    const end = Date.now() + seconds * 1000;
    while (Date.now() < end) {
      const replies = (await Promise.all(
        ids.map((providerId) => chrome.runtime.sendMessage({ type: 'getToken', providerId })),
      )) as {
        ok: boolean;
        value?: { expiresAt: number };
      }[];
      for (const reply of replies) {
        answers += 1;
        if (!reply.ok) failures += 1;
        else if ((reply.value?.expiresAt ?? 0) <= Date.now()) expiredSeen += 1;
      }
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    return { answers, expiredSeen, failures };
  },
  { ids: soakIds, seconds: SOAK_SECONDS },
);
const soakStatus = await extension.ask({ type: 'status' });
const reuseErrors = soakStatus.ok
  ? soakStatus.value.providers.filter((p) => p.status === 'needs-sign-in').length
  : -1;
const soakRefreshes = servers.keycloak.requests.filter(
  (r) => r.form?.['grant_type'] === 'refresh_token',
).length;

// Popup: first render of the list, and the main thread's work per countdown tick, in a browser
// profile of its own holding exactly 1, 20, then 100 connected providers.
const popupDir = await mkdtemp(join(tmpdir(), 'token-keeper-bench-popup-'));
const popupContext = await launchWithExtension(popupDir);
const popupId = new URL((await serviceWorkerOf(popupContext)).url()).host;
const popupPage = await popupContext.newPage();
await popupPage.goto(`chrome-extension://${popupId}/src/popup/index.html`);
const popupExtension = new Extension(popupContext, popupPage, popupId);
servers.keycloak.settings.accessSeconds = 1800;
const popup: Record<string, { firstRenderMs: number; tickMainThreadMs?: number }> = {};
let have = 0;
for (const size of [1, 20, 100]) {
  for (let i = have; i < size; i += 1) {
    const profile = createProfile('keycloak', {
      id: `kc-${String(i).padStart(3, '0')}`,
      name: `Provider ${i}`,
      base: `${servers.keycloak.url}${KEYCLOAK_REALM}`,
    });
    await popupExtension.save(profile);
    await popupExtension.ask({
      type: 'connect',
      providerId: profile.id,
      credentials: CREDENTIALS.user,
    });
  }
  have = size;
  const renders: number[] = [];
  const ticks: number[] = [];
  for (let run = 0; run < RUNS; run += 1) {
    const view = await popupContext.newPage();
    await view.goto(`chrome-extension://${popupId}/src/popup/index.html`);
    await view.waitForFunction(
      (n) => document.querySelectorAll('[data-provider]').length === n,
      size,
    );
    renders.push(await view.evaluate(() => performance.now()));
    if (size === 100) {
      const cdp = await popupContext.newCDPSession(view);
      await cdp.send('Performance.enable');
      const task = async () =>
        (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
          ?.value ?? 0;
      const before = await task();
      await view.waitForTimeout(5000);
      ticks.push((((await task()) - before) * 1000) / 5);
      await cdp.detach();
    }
    await view.close();
  }
  popup[String(size)] = {
    firstRenderMs: round(median(renders)),
    ...(ticks.length > 0 && { tickMainThreadMs: round(median(ticks)) }),
  };
}
await popupContext.close();
await rm(popupDir, { recursive: true, force: true });

await context.close();
await stopServers(servers);
await rm(dir, { recursive: true, force: true });

const table = (title: string, head: string[], rows: (string | number)[][]) => {
  console.log(`\n${title}\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
};
table(
  'Sizes (esbuild, minified; KB)',
  ['bundle', 'minified', 'gzipped'],
  Object.entries(bundleSizes).map(([n, s]) => [n, s.minified, s.gzipped]),
);
table(
  `Refresh (median of ${RUNS}; ms)`,
  ['dialect', 'Refresh now', 'plain fetch', 'ratio'],
  Object.entries(refresh).map(([n, r]) => [n, r.refreshMs, r.plainFetchMs, r.ratio]),
);
console.log(
  `\npeer, same run: oidc-client-ts signinSilent() with a refresh token, in a page, against the same oidc-provider: ${oidcClientTsMs} ms`,
);
table(
  'Popup (ms)',
  ['providers', 'first render', 'main thread per 1 s tick'],
  Object.entries(popup).map(([n, p]) => [n, p.firstRenderMs, p.tickMainThreadMs ?? '–']),
);
table(
  'Worker and robustness',
  ['figure', 'value'],
  [
    ['cold start: killed worker → first answer (ms)', coldStartMs],
    ['bad answers tried / tokens lost', `${faultsRun} / ${tokensLost}`],
    ['fault cases survived / run', `${faultsSurvived} / ${faultsRun}`],
    ['20 concurrent triggers → refresh requests sent', concurrentRequests],
    [
      'hostile page requests tried / tokens disclosed',
      `${hostileReplies.length + 1} / ${disclosed}`,
    ],
    [
      `soak ${SOAK_SECONDS} s, 20 providers, ${SOAK_TOKEN_SECONDS} s tokens: refreshes done`,
      soakRefreshes,
    ],
    [
      'soak: answers / expired tokens seen / failures',
      `${soak.answers} / ${soak.expiredSeen} / ${soak.failures}`,
    ],
    ['soak: reuse errors (providers needing sign-in)', reuseErrors],
  ],
);
const results = {
  date: new Date().toISOString(),
  runs: RUNS,
  sizes: bundleSizes,
  refresh,
  oidcClientTsRenewalMs: oidcClientTsMs,
  popup,
  coldStartMs,
  robustness: {
    faultsRun,
    faultsSurvived,
    tokensLost,
    concurrentRequests,
    hostileTried: hostileReplies.length + 1,
    disclosed,
  },
  soak: {
    seconds: SOAK_SECONDS,
    tokenSeconds: SOAK_TOKEN_SECONDS,
    providers: 20,
    refreshes: soakRefreshes,
    ...soak,
    reuseErrors,
  },
};
await writeFile('bench-results.json', `${JSON.stringify(results, null, 2)}\n`);
console.log('\nWritten to bench-results.json');
