// `npm start`: builds the extension, starts the test servers with demo profiles for every dialect
// (40-second tokens, so countdowns move and refreshes happen within a minute), and opens Chromium
// with the extension loaded and every provider connected. Without a display it runs headless,
// writes screenshots of the popup and the options page to a folder it names, and stops.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Extension, launchWithExtension, serviceWorkerOf } from '../e2e/extension';
import { profilesFor } from '../e2e/profiles';
import {
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
await page.reload();
console.log(`web app     ${servers.webapps[0].url}  (gets a Keycloak token through the SDK)`);

if (headless) {
  const folder = resolve('demo-screenshots');
  await mkdir(folder, { recursive: true });
  await page.setViewportSize({ width: 560, height: 900 });
  await page.screenshot({ path: join(folder, 'popup.png'), fullPage: true });
  const options = await context.newPage();
  await options.goto(`chrome-extension://${id}/src/options/index.html`);
  await options.screenshot({ path: join(folder, 'options.png'), fullPage: true });
  console.log(`No display: screenshots of the popup and the options page are in ${folder}`);
  await context.close();
  await stopServers(servers);
} else {
  await (await context.newPage()).goto(servers.webapps[0].url);
  console.log('Chromium is open with every demo provider connected. Ctrl-C to stop.');
  process.on('SIGINT', () => void context.close().then(() => process.exit(0)));
}
