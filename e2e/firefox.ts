import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { GECKO_ID } from '../src/build/firefox-manifest';
import type { Reply, Request } from '../src/shared/protocol';
import { ExtensionDriver, withServers, type ConsoleLog } from './driver';
import { CREDENTIALS, FIREFOX_EXTENSION_UUID } from './servers/all';

export const DIST_FIREFOX = resolve(import.meta.dirname, '..', 'dist-firefox');
export const FIREFOX = process.env['FIREFOX_PATH'] ?? '/usr/bin/firefox-esr';

/**
 * Debian's Firefox ESR, headless, driven over WebDriver BiDi, with the Firefox build installed
 * (as a temporary add-on, as `about:debugging` or `web-ext run` would): `dist-firefox/`, or
 * another build's folder or zip (the store package, in the package test). `env` is added to the
 * tests' own environment for Firefox and what it starts (the terminal's host).
 */
export async function launchFirefox(
  userDataDir: string,
  consoleLog: ConsoleLog,
  addon = DIST_FIREFOX,
  env: NodeJS.ProcessEnv = {},
): Promise<Browser> {
  const browser = await puppeteer.launch({
    browser: 'firefox',
    env: { ...process.env, ...env },
    executablePath: FIREFOX,
    headless: true,
    userDataDir,
    extraPrefsFirefox: {
      // The extension's origin, fixed (see servers/all.ts).
      'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: FIREFOX_EXTENSION_UUID }),
      // Permission prompts are browser UI the automation cannot click: with this, Firefox grants
      // an optional permission as if accepted, still only when asked from a user's action.
      'extensions.webextOptionalPermissionPrompts': false,
      // Pages' and the extension's console lines go to stdout, where the leak check reads them.
      'devtools.console.stdout.content': true,
      'devtools.console.stdout.chrome': true,
    },
  });
  const child = browser.process();
  for (const stream of [child?.stdout, child?.stderr]) {
    if (stream)
      createInterface({ input: stream }).on('line', (line) => consoleLog.lines.push(line));
  }
  await browser.installExtension(addon);
  return browser;
}

/**
 * Where each open page is. Firefox does not tell the automation when a tab the extension opened
 * navigates, so each page is asked; one that closed meanwhile answers ''.
 */
export async function addresses(browser: Browser): Promise<[Page, string][]> {
  const pages = await browser.pages();
  return Promise.all(
    pages.map(async (page): Promise<[Page, string]> => [
      page,
      await page.evaluate(() => location.href).catch(() => ''),
    ]),
  );
}

/** Looks every 100 ms, for 15 s at most, until `find` finds something. */
async function poll<T>(find: () => Promise<T | undefined>, what: string): Promise<T> {
  for (const deadline = Date.now() + 15_000; Date.now() < deadline;) {
    const found = await find();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what} did not come within 15 s`);
}

/** The page whose address satisfies `matches`, once there is one. */
export function pageWhere(browser: Browser, matches: (href: string) => boolean): Promise<Page> {
  return poll(
    async () => (await addresses(browser)).find(([, href]) => matches(href))?.[0],
    `A page whose address matches ${matches.toString()}`,
  );
}

/** Clicks a button by its accessible name. */
export async function press(page: Page, name: string): Promise<void> {
  await page.locator(`::-p-aria([name="${name}"][role="button"])`).click();
}

/**
 * The extension, spoken to from the options page it opens on first install: the automation may
 * not open `moz-extension://` pages itself, but may work in one the extension opened.
 */
export class FirefoxExtension extends ExtensionDriver {
  constructor(
    readonly browser: Browser,
    public page: Page,
  ) {
    super();
  }

  static async open(browser: Browser): Promise<FirefoxExtension> {
    const options = await pageWhere(browser, (href) =>
      href.startsWith(`moz-extension://${FIREFOX_EXTENSION_UUID}/src/options/`),
    );
    return new FirefoxExtension(browser, options);
  }

  /** Turns this page into the popup: the page may go there itself, the automation may not. */
  async showPopup(): Promise<Page> {
    await this.page.evaluate(() => {
      location.href = '/src/popup/index.html';
    });
    this.page = await pageWhere(
      this.browser,
      (href) => href === `moz-extension://${FIREFOX_EXTENSION_UUID}/src/popup/index.html`,
    );
    return this.page;
  }

  async ask<R extends Request>(request: R): Promise<Reply<R['type']>> {
    const reply: unknown = await this.page.evaluate((r) => chrome.runtime.sendMessage(r), request);
    return reply as Reply<R['type']>;
  }

  /** Firefox's sign-in window shows the provider's own page: oidc-provider's or a dialect's. */
  protected async signInWindow(): Promise<void> {
    const before = new Set(await this.browser.pages());
    const window = await poll(
      async () => (await this.browser.pages()).find((p) => !before.has(p)),
      'The sign-in window',
    );
    const login = await window.waitForSelector('input[name="login"], input[name="username"]');
    await login?.type(CREDENTIALS.user.username);
    await window.type('input[name="password"]', CREDENTIALS.user.password);
    const oidcProvider = (await window.$('input[name="login"]')) !== null;
    await window.click('button[type="submit"]');
    if (oidcProvider) {
      await window.waitForSelector('button[type="submit"]::-p-text(Continue)');
      await window.click('button[type="submit"]::-p-text(Continue)');
    }
  }
}

interface Fixtures {
  firefox: Browser;
  extension: FirefoxExtension;
}

export const test = withServers.extend<Fixtures>({
  firefox: async ({ userDataDir, consoleLog }, use) => {
    const browser = await launchFirefox(userDataDir, consoleLog);
    await use(browser);
    await browser.close();
  },
  extension: async ({ firefox }, use) => {
    await use(await FirefoxExtension.open(firefox));
  },
});

export { expect } from '@playwright/test';
