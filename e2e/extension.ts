import {
  chromium,
  type BrowserContext,
  type Locator,
  type Page,
  type Worker,
} from '@playwright/test';
import { readdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Reply, Request } from '../src/shared/protocol';
import { ConsoleLog, ExtensionDriver, withServers } from './driver';
import { CREDENTIALS, SERVER_NAMES } from './servers/all';

export const DIST = resolve(import.meta.dirname, '..', 'dist');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/**
 * Launches Debian's Chromium (headless unless told otherwise) with the built extension from `dist/`
 * (or another build's folder, such as an earlier release's in the upgrade test).
 */
export async function launchBrowser(
  userDataDir: string,
  headless = true,
  dist = DIST,
): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    viewport: { width: 1000, height: 800 },
    // The web app's https side has a self-signed certificate.
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${dist}`,
      `--load-extension=${dist}`,
      // The machine has no network beyond the package registries.
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--no-sandbox',
    ],
  });
}

/** The options page the extension opens by itself on first install. */
export async function welcomeTab(context: BrowserContext): Promise<Page> {
  // A new tab's `page` event comes while it is still about:blank: look until one has the URL.
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const tab = context.pages().find((p) => p.url().includes('/src/options/'));
    if (tab) return tab;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('The options page did not open on first install.');
}

/**
 * `launchBrowser`, and on a new profile the welcome tab closed once it has opened, so no test
 * waiting for a window of its own gets that one instead.
 */
export async function launchWithExtension(
  userDataDir: string,
  headless = true,
  dist = DIST,
): Promise<BrowserContext> {
  const fresh = (await readdir(userDataDir)).length === 0;
  const context = await launchBrowser(userDataDir, headless, dist);
  if (fresh) await (await welcomeTab(context)).close();
  return context;
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Adds a Chromium context's or worker's console lines to the log. */
export function watchConsole(log: ConsoleLog, source: BrowserContext | Worker): void {
  source.on('console', (m) => log.lines.push(m.text()));
}

/** An extension page that speaks to the worker the way the popup does. */
export class Extension extends ExtensionDriver {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly id: string,
  ) {
    super();
  }

  async ask<R extends Request>(request: R): Promise<Reply<R['type']>> {
    const reply: unknown = await this.page.evaluate((r) => chrome.runtime.sendMessage(r), request);
    return reply as Reply<R['type']>;
  }

  protected async signInWindow(): Promise<void> {
    await signInThrough(await this.context.waitForEvent('page'));
  }
}

/**
 * Opens the browser on a profile that may already hold the extension's data (a restart, an
 * upgrade from another build's `dist`), its console watched, at the popup.
 */
export async function reopen(
  userDataDir: string,
  consoleLog: ConsoleLog,
  dist = DIST,
): Promise<Extension> {
  const context = await launchWithExtension(userDataDir, true, dist);
  watchConsole(consoleLog, context);
  const worker = await serviceWorkerOf(context);
  watchConsole(consoleLog, worker);
  const id = new URL(worker.url()).host;
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/src/popup/index.html`);
  return new Extension(context, page, id);
}

/**
 * Fills whichever sign-in page the auth window shows: the dialect servers' or oidc-provider's
 * (whose dev login takes any user name: it becomes the user's `sub`).
 */
export async function signInThrough(
  page: Page,
  username = CREDENTIALS.user.username,
): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  if (await page.locator('input[name="login"]').count()) {
    await page.fill('input[name="login"]', username);
    await page.fill('input[name="password"]', CREDENTIALS.user.password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('button:has-text("Continue")');
    await page.click('button:has-text("Continue")');
    return;
  }
  await page.fill('input[name="username"]', username);
  await page.fill('input[name="password"]', CREDENTIALS.user.password);
  await page.click('button[type="submit"]');
}

/**
 * Reads the clipboard from a page on a web origin (a test server's): Chromium grants
 * clipboard-read to a web origin, not to an extension's.
 */
export async function clipboardReader(
  context: BrowserContext,
  origin: string,
): Promise<() => Promise<string>> {
  await context.grantPermissions(['clipboard-read'], { origin });
  const reader = await context.newPage();
  await reader.goto(`${origin}/clipboard-reader`);
  return async () => {
    await reader.bringToFront();
    return reader.evaluate(() => navigator.clipboard.readText());
  };
}

/**
 * One of a popup row's buttons: Copy (or Connect) sits on the row; the rest are behind its
 * "More actions" button, which this opens first when it is closed.
 */
export async function rowAction(row: Locator, name: string | RegExp): Promise<Locator> {
  const more = row.getByRole('button', { name: /^More actions for / });
  if ((await more.count()) > 0 && (await more.getAttribute('aria-expanded')) !== 'true')
    await more.click();
  return row.getByRole('button', { name });
}

/** Kills the service worker the way Chrome does when it is idle (CDP, from an extension page). */
export async function killWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

/**
 * A CDP session on the service worker itself. Playwright opens sessions on pages only, so this
 * attaches to the worker's target through a session on `page`; `send` answers the command's result.
 */
export async function workerSession(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'service_worker');
  if (!worker) throw new Error('no service worker target');
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  const waiting = new Map<number, (result: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', ({ message }) => {
    const { id, result } = JSON.parse(message) as { id?: number; result?: unknown };
    if (id !== undefined) waiting.get(id)?.(result);
  });
  let next = 0;
  return {
    send: (method: string, params: object = {}) =>
      new Promise<unknown>((resolve) => {
        next += 1;
        waiting.set(next, resolve);
        void cdp.send('Target.sendMessageToTarget', {
          sessionId,
          message: JSON.stringify({ id: next, method, params }),
        });
      }),
    detach: async () => {
      await cdp.send('Target.detachFromTarget', { sessionId });
      await cdp.detach();
    },
  };
}

/**
 * Pauses the service worker in the debugger: it runs no more JavaScript, so it answers nothing,
 * until the returned function lets it go.
 */
export async function freezeWorker(page: Page): Promise<() => Promise<void>> {
  const worker = await workerSession(page);
  await worker.send('Debugger.enable');
  await worker.send('Debugger.pause');
  return async () => {
    await worker.send('Debugger.resume');
    await worker.detach();
  };
}

interface Fixtures {
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  extension: Extension;
}

export const test = withServers.extend<Fixtures>({
  context: async ({ userDataDir, consoleLog }, use) => {
    const context = await launchWithExtension(userDataDir);
    watchConsole(consoleLog, context);
    await use(context);
    await context.close();
  },
  worker: async ({ context, consoleLog }, use) => {
    const worker = await serviceWorkerOf(context);
    watchConsole(consoleLog, worker);
    await use(worker);
  },
  extensionId: async ({ worker }, use) => {
    await use(new URL(worker.url()).host);
  },
  extension: async ({ context, extensionId }, use) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
    await use(new Extension(context, page, extensionId));
  },
});

export { SERVER_NAMES };
export { expect } from '@playwright/test';

/**
 * Opens the demo web app on `site`, clicks its "Call API" (which asks for a Keycloak token), and
 * waits for the consent window that opens: the app's page and the window.
 */
export async function callApiAsking(
  context: BrowserContext,
  site: string,
): Promise<{ app: Page; prompt: Page }> {
  const app = await context.newPage();
  await app.goto(`${site}/`);
  const opened = context.waitForEvent('page', {
    predicate: (p) => p.url().includes('/src/consent/'),
  });
  await app.getByRole('button', { name: 'Call API' }).click();
  const prompt = await opened;
  await prompt.waitForLoadState('domcontentloaded');
  return { app, prompt };
}

/** The options page with a new provider of `preset` added for `url`, its editor open. */
export async function addInOptions(extension: Extension, preset: string, url: string) {
  const { page } = extension;
  await page.goto(`chrome-extension://${extension.id}/src/options/index.html`);
  await page.getByRole('combobox').selectOption(preset);
  await page.getByRole('textbox', { name: /^(Issuer|Server) URL$/ }).fill(url);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  return page;
}
