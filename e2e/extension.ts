import {
  test as base,
  chromium,
  type BrowserContext,
  type Page,
  type Worker,
} from '@playwright/test';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Profile } from '../src/core/profile';
import type { ProviderView, Replies, Reply, Request } from '../src/shared/protocol';
import { profilesFor } from './profiles';
import {
  CREDENTIALS,
  SERVER_NAMES,
  startServers,
  stopServers,
  type ServerName,
  type Servers,
} from './servers/all';

export const DIST = resolve(import.meta.dirname, '..', 'dist');
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';

/** Launches Debian's Chromium (headless unless told otherwise) with the built extension from `dist/`. */
export async function launchBrowser(userDataDir: string, headless = true): Promise<BrowserContext> {
  return chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless,
    viewport: { width: 1000, height: 800 },
    // The web app's https side has a self-signed certificate.
    ignoreHTTPSErrors: true,
    args: [
      `--disable-extensions-except=${DIST}`,
      `--load-extension=${DIST}`,
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
): Promise<BrowserContext> {
  const fresh = (await readdir(userDataDir)).length === 0;
  const context = await launchBrowser(userDataDir, headless);
  if (fresh) await (await welcomeTab(context)).close();
  return context;
}

export async function serviceWorkerOf(context: BrowserContext): Promise<Worker> {
  return context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
}

/** Every console line the browser printed, pages and the service worker alike. */
export class ConsoleLog {
  readonly lines: string[] = [];
  watch(source: BrowserContext | Worker): void {
    source.on('console', (m) => this.lines.push(m.text()));
  }
}

/** An extension page that speaks to the worker the way the popup does. */
export class Extension {
  constructor(
    readonly context: BrowserContext,
    readonly page: Page,
    readonly id: string,
  ) {}

  async ask<R extends Request>(request: R): Promise<Reply<Replies[R['type']]>> {
    const reply: unknown = await this.page.evaluate((r) => chrome.runtime.sendMessage(r), request);
    return reply as Reply<Replies[R['type']]>;
  }

  async save(profile: Profile): Promise<void> {
    const reply = await this.ask({ type: 'saveProfile', profile });
    if (!reply.ok) throw new Error(`saveProfile ${profile.id}: ${reply.error.message}`);
  }

  /** Saves a profile and connects it; the test fails here if either does not work. */
  async connected(profile: Profile): Promise<void> {
    await this.save(profile);
    const reply = await this.connect(profile);
    if (!reply.ok) throw new Error(`connect ${profile.id}: ${reply.error.message}`);
  }

  /** The provider's current access token, as the Copy button gets it. */
  async accessToken(id: string): Promise<string> {
    const reply = await this.ask({ type: 'getToken', providerId: id });
    if (!reply.ok) throw new Error(reply.error.message);
    return reply.value.accessToken;
  }

  async view(id: string): Promise<ProviderView> {
    const reply = await this.ask({ type: 'status' });
    if (!reply.ok) throw new Error(reply.error.message);
    const found = reply.value.providers.find((p) => p.id === id);
    if (!found) throw new Error(`no provider ${id}`);
    return found;
  }

  /** Connects a provider the way a tester would, filling the sign-in window where there is one. */
  async connect(profile: Profile): Promise<Reply<Replies['connect']>> {
    if (profile.signIn.kind === 'password') {
      return this.ask({ type: 'connect', providerId: profile.id, credentials: CREDENTIALS.user });
    }
    if (profile.signIn.kind === 'client_credentials')
      return this.ask({ type: 'connect', providerId: profile.id });
    const window = this.context.waitForEvent('page');
    const reply = this.ask({ type: 'connect', providerId: profile.id });
    await signInThrough(await window);
    return reply;
  }
}

/** Fills whichever sign-in page the auth window shows: the dialect servers' or oidc-provider's. */
export async function signInThrough(page: Page): Promise<void> {
  await page.waitForLoadState('domcontentloaded');
  if (await page.locator('input[name="login"]').count()) {
    await page.fill('input[name="login"]', CREDENTIALS.user.username);
    await page.fill('input[name="password"]', CREDENTIALS.user.password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('button:has-text("Continue")');
    await page.click('button:has-text("Continue")');
    return;
  }
  await page.fill('input[name="username"]', CREDENTIALS.user.username);
  await page.fill('input[name="password"]', CREDENTIALS.user.password);
  await page.click('button[type="submit"]');
}

/** Kills the service worker the way Chrome does when it is idle (CDP, from an extension page). */
export async function killWorker(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await cdp.detach();
}

interface Fixtures {
  noTokensInConsole: undefined;
  userDataDir: string;
  context: BrowserContext;
  worker: Worker;
  extensionId: string;
  consoleLog: ConsoleLog;
  servers: Servers;
  profiles: Record<ServerName, Profile>;
  extension: Extension;
}

export const test = base.extend<Fixtures>({
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keeper-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  consoleLog: async ({}, use) => {
    await use(new ConsoleLog());
  },
  context: async ({ userDataDir, consoleLog }, use) => {
    const context = await launchWithExtension(userDataDir);
    consoleLog.watch(context);
    await use(context);
    await context.close();
  },
  worker: async ({ context, consoleLog }, use) => {
    const worker = await serviceWorkerOf(context);
    consoleLog.watch(worker);
    await use(worker);
  },
  extensionId: async ({ worker }, use) => {
    await use(new URL(worker.url()).host);
  },
  servers: async ({}, use) => {
    const servers = await startServers();
    await use(servers);
    await stopServers(servers);
  },
  profiles: async ({ servers }, use) => {
    await use(await profilesFor(servers));
  },
  // After every test: no token any server issued appears in any console line of the browser.
  noTokensInConsole: [
    async ({ servers, consoleLog }, use) => {
      await use(undefined);
      const issued = SERVER_NAMES.flatMap((name) => servers[name].issued);
      const leaks = consoleLog.lines.filter((line) => issued.some((token) => line.includes(token)));
      if (leaks.length > 0) throw new Error(`${leaks.length} console line(s) hold a token value`);
    },
    { auto: true },
  ],
  extension: async ({ context, extensionId }, use) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/src/popup/index.html`);
    await use(new Extension(context, page, extensionId));
  },
});

export { SERVER_NAMES };
export { expect } from '@playwright/test';
