// `npm start`: builds the extension, starts the test servers with demo profiles for every dialect
// (40-second tokens, so countdowns move and refreshes happen within a minute), and opens Chromium
// with the extension loaded and every provider connected. Without a display it runs headless,
// writes screenshots of the popup, the options page and the consent window, in the light and the
// dark theme, and the three store screenshots (1280 × 800: each screen on a plain backdrop with
// what it shows in words), to demo-screenshots/ (ignored by git), and stops.
// `npm start -- --screenshots DIR` writes them to DIR instead: `docs/screenshots` updates the
// README's and the store listing's.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { Extension, launchWithExtension, serviceWorkerOf } from '../e2e/extension';
import { profilesFor } from '../e2e/profiles';
import {
  CREDENTIALS,
  FIXED_PORTS,
  SERVER_NAMES,
  WEBAPP_PORT,
  startServers,
  stopServers,
} from '../e2e/servers/all';

const headless = !process.env['DISPLAY'];
const LIFETIME_SECONDS = 40;

if (spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' }).status !== 0)
  process.exit(1);

const servers = await startServers(FIXED_PORTS, WEBAPP_PORT);
for (const name of SERVER_NAMES) servers[name].settings.accessSeconds = LIFETIME_SECONDS;
const profiles = profilesFor(servers);

const context = await launchWithExtension(
  await mkdtemp(join(tmpdir(), 'token-keeper-demo-')),
  headless,
);
const worker = await serviceWorkerOf(context);
const id = new URL(worker.url()).host;
const page = await context.newPage();
const popupUrl = `chrome-extension://${id}/src/popup/index.html`;
await page.goto(popupUrl);
const extension = new Extension(context, page, id);
for (const name of SERVER_NAMES) {
  await extension.save({ ...profiles[name], name: `${profiles[name].name} (demo)` });
  const reply = await extension.connect(profiles[name]);
  console.log(
    `${name.padEnd(11)} ${servers[name].url}  ${reply.ok ? 'connected' : `not connected: ${reply.error.message}`}`,
  );
}
// Keycloak holds a second user beside the first: the popup shows a row for each.
await extension.ask({
  type: 'connect',
  providerId: 'keycloak',
  add: {},
  credentials: CREDENTIALS.viewer,
});
await page.reload();
console.log(`web app     ${servers.webapps[0].url}  (gets a Keycloak token through the SDK)`);

if (headless) {
  const asked = process.argv.indexOf('--screenshots');
  const folder = resolve(asked === -1 ? 'demo-screenshots' : (process.argv[asked + 1] ?? ''));
  await mkdir(folder, { recursive: true });
  // The options page on one provider, with a Test refresh's exchange laid out.
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/src/options/index.html`);
  await options.getByRole('button', { name: /^Edit Keycloak/ }).click();
  await options.getByRole('button', { name: 'Test refresh' }).click();
  await options.getByRole('region', { name: 'Test refresh result' }).waitFor();
  await options.getByRole('heading', { name: /^Edit Keycloak/ }).scrollIntoViewIfNeeded();
  // The consent window as a page on the demo web app would open it.
  const consent = await context.newPage();
  const question = new URLSearchParams({
    requestId: 'demo',
    origin: servers.webapps[0].url,
    provider: 'keycloak',
    name: `${profiles.keycloak.name} (demo)`,
    host: new URL(servers.keycloak.url).host,
  });
  await consent.goto(`chrome-extension://${id}/src/consent/index.html?${question}`);
  // The popup at its own size, one row's menu open.
  await page.setViewportSize({ width: 480, height: 560 });
  await page.getByRole('button', { name: /^More actions for Keycloak.*\(tester\)$/ }).click();
  await options.setViewportSize({ width: 960, height: 1700 });
  await consent.setViewportSize({ width: 520, height: 440 });
  for (const colorScheme of ['light', 'dark'] as const) {
    for (const [name, view] of [
      ['popup', page],
      ['options', options],
      ['consent', consent],
    ] as const) {
      await view.emulateMedia({ colorScheme });
      await view.screenshot({ path: join(folder, `${name}-${colorScheme}.png`) });
    }
  }
  await storeScreenshots(folder, [
    [
      'popup',
      page,
      'Every provider at a glance: live countdowns, state in words, Copy in one click',
    ],
    [
      'options',
      options,
      'Test refresh lays out the exchange with every secret and token masked',
      options.getByRole('region', { name: 'Test refresh result' }),
    ],
    ['consent', consent, 'A web page gets a token only after you allow its exact origin'],
  ]);
  console.log(`No display: screenshots of the popup, options and consent window are in ${folder}`);
  await context.close();
  await stopServers(servers);
} else {
  await (await context.newPage()).goto(servers.webapps[0].url);
  console.log('Chromium is open with every demo provider connected. Ctrl-C to stop.');
  process.on('SIGINT', () => void context.close().then(() => process.exit(0)));
}

/**
 * The store's screenshots: 1280 × 800, light theme, each screen as drawn on a plain backdrop
 * under one line saying what it shows (the stores scale nothing up, so nothing is blurred).
 */
async function storeScreenshots(
  folder: string,
  screens: readonly (readonly [string, Page, string, Locator?])[],
): Promise<void> {
  const canvas = await context.newPage();
  await canvas.setViewportSize({ width: 1280, height: 800 });
  for (const [name, view, caption, focus] of screens) {
    await view.emulateMedia({ colorScheme: 'light' });
    // A tall page is shown as a window of the backdrop's size would show it.
    const size = view.viewportSize();
    if (size && size.height > 640)
      await view.setViewportSize({ width: Math.min(size.width, 1180), height: 640 });
    await focus?.scrollIntoViewIfNeeded();
    const shot = (await view.screenshot()).toString('base64');
    await canvas.setContent(
      `<body style="margin:0;height:800px;display:flex;flex-direction:column;align-items:center;
        justify-content:center;gap:28px;background:#eef1f6;font:600 30px system-ui,sans-serif;
        color:#1d2433"><p style="margin:0;max-width:1100px;text-align:center"></p>
        <img style="max-width:1180px;max-height:640px;box-shadow:0 8px 30px #0003;border-radius:8px"
        src="data:image/png;base64,${shot}"></body>`,
    );
    await canvas.locator('p').evaluate((p, text) => (p.textContent = text), caption);
    await canvas.screenshot({ path: join(folder, `store-${name}.png`) });
  }
  await canvas.close();
}
