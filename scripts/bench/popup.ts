import { rm, writeFile } from 'node:fs/promises';
import type { BrowserContext, Page } from '@playwright/test';
import { CREDENTIALS } from '../../e2e/servers/all';
import { killWorker } from '../../e2e/extension';
import { KEYCLOAK_REALM } from '../../e2e/servers/keycloak';
import { createProfile } from '../../src/core/profile/presets';
import { fresh, type Bench } from './fresh';
import { RUNS, median, round } from './stats';

/**
 * Each figure has its floor beside it: the same screen as a static page (the popup's rendered
 * HTML and styles, no script), so what the browser costs to show it is not put on our code.
 */
export interface PopupFigures {
  readonly firstRenderMs: number;
  /** The same, with the worker stopped first (as it is when the popup opens after a quiet while). */
  readonly stoppedWorkerMs: number;
  /** The static copy: parsed, laid out and drawn. */
  readonly staticFirstRenderMs: number;
  /** Main-thread time per 1 s tick; only measured at 100 providers. */
  readonly tickMainThreadMs?: number;
  /** The static copy whose visible countdowns a bare interval rewrites each second. */
  readonly staticTickMs?: number;
}

/** Adds and connects Keycloak providers number `from` to `to` - 1, with 30 min tokens. */
export async function connectProviders(
  { servers, extension }: Pick<Bench, 'servers' | 'extension'>,
  from: number,
  to: number,
): Promise<void> {
  servers.keycloak.settings.accessSeconds = 1800;
  for (let i = from; i < to; i += 1) {
    const profile = createProfile('keycloak', {
      id: `kc-${String(i).padStart(3, '0')}`,
      name: `Provider ${i}`,
      base: `${servers.keycloak.url}${KEYCLOAK_REALM}`,
    });
    await extension.save(profile);
    await extension.ask({ type: 'connect', providerId: profile.id, credentials: CREDENTIALS.user });
  }
}

/** Signs two more users in to each of the first `count` providers: three identities each. */
async function addIdentities(
  { extension }: Pick<Bench, 'extension'>,
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i += 1) {
    for (const user of [CREDENTIALS.viewer, CREDENTIALS.auditor]) {
      const reply = await extension.ask({
        type: 'connect',
        providerId: `kc-${String(i).padStart(3, '0')}`,
        add: {},
        credentials: user,
      });
      if (!reply.ok) throw new Error(reply.error.message);
    }
  }
}

/** The screens measured: 1, 8 and 100 providers, then 100 of which 20 hold three identities. */
const SCREENS = [
  { label: '1', size: 1 },
  { label: '8', size: 8 },
  { label: '100', size: 100 },
  { label: '100, 20 of them with 3 identities', size: 100, identities: 20 },
] as const;

/** Chromium's popups are at most 800 × 600; ours is 480 px wide. */
const POPUP_VIEWPORT = { width: 480, height: 600 };

declare global {
  interface Window {
    rowsDrawnAt?: number;
  }
}

/**
 * A tab of the popup's size that notes, on the page's own clock from the start of its navigation,
 * when the frame holding all `size` rows was drawn: nothing of the harness is in that time. The
 * observer is installed before the page's own scripts run.
 */
export async function popupTab(context: BrowserContext, size: number): Promise<Page> {
  const view = await context.newPage();
  await view.setViewportSize(POPUP_VIEWPORT);
  await view.addInitScript((n: number) => {
    new MutationObserver((_, observer) => {
      if (document.querySelectorAll('[data-provider]').length < n) return;
      observer.disconnect();
      requestAnimationFrame(() => (window.rowsDrawnAt = performance.now()));
    }).observe(document, { childList: true, subtree: true });
  }, size);
  return view;
}

/** Opens `path` of the extension in `view` and answers when its rows were drawn (see `popupTab`). */
export async function drawn(
  view: Page,
  id: string,
  path = 'src/popup/index.html',
): Promise<number> {
  await view.goto(`chrome-extension://${id}/${path}`);
  await view.waitForFunction(() => window.rowsDrawnAt !== undefined);
  return view.evaluate(() => window.rowsDrawnAt ?? NaN);
}

/**
 * Writes the popup as drawn now into the built extension as a page with no script (the extension
 * is loaded unpacked, so the browser serves the file from disk), answering its path.
 */
async function staticCopy(view: Page, size: number): Promise<string> {
  const html = await view.evaluate(() => {
    const copy = document.documentElement.cloneNode(true) as HTMLElement;
    for (const script of copy.querySelectorAll('script, link[rel=modulepreload]')) script.remove();
    return `<!doctype html>${copy.outerHTML}`;
  });
  const path = `src/popup/bench-static-${size}.html`;
  await writeFile(`dist/${path}`, html);
  return path;
}

/** In a static copy: rewrites each visible countdown once a second, as bare DOM code would. */
const bareTicker = (view: Page) =>
  view.evaluate(() => {
    const visible = [...document.querySelectorAll('[data-testid$=countdown]')].filter(
      (e) => e.getBoundingClientRect().top < innerHeight,
    );
    setInterval(() => {
      for (const e of visible) e.textContent = `${String(Date.now() % 60_000)} s`;
    }, 1000);
  });

/** Main-thread task time per second over 5 s of ticking, from Chromium's own counters. */
async function tickCost(context: BrowserContext, view: Page): Promise<number> {
  const cdp = await context.newCDPSession(view);
  await cdp.send('Performance.enable');
  const task = async () =>
    (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')
      ?.value ?? 0;
  const before = await task();
  await view.waitForTimeout(5000);
  const perTick = (((await task()) - before) * 1000) / 5;
  await cdp.detach();
  return perTick;
}

/**
 * The popup's first render of the list (with the worker running, and with it stopped), and the
 * main thread's work per countdown tick, in a browser profile holding exactly 1, 8, then 100
 * connected providers, then 100 of which 20 hold three identities (60 identity rows); and the
 * floor: the first paint of an extension page that runs no script.
 */
export const popupFigures = (): Promise<Record<string, PopupFigures>> =>
  fresh(async ({ servers, context, extension, id, page }) => {
    const out: Record<string, PopupFigures> = {};
    let have = 0;
    for (const screen of SCREENS) {
      const { size } = screen;
      await connectProviders({ servers, extension }, have, size);
      have = size;
      if ('identities' in screen) await addIdentities({ extension }, screen.identities);
      const figures = { render: [], stopped: [], still: [], tick: [], stillTick: [] } as Record<
        'render' | 'stopped' | 'still' | 'tick' | 'stillTick',
        number[]
      >;
      let copy: string | undefined;
      for (let run = 0; run < RUNS; run += 1) {
        const view = await popupTab(context, size);
        figures.render.push(await drawn(view, id));
        if (size === 100) figures.tick.push(await tickCost(context, view));
        copy ??= await staticCopy(view, size);
        await view.close();
        await killWorker(page);
        const cold = await popupTab(context, size);
        figures.stopped.push(await drawn(cold, id));
        await cold.close();
        const still = await popupTab(context, size);
        figures.still.push(await drawn(still, id, copy));
        if (size === 100) {
          await bareTicker(still);
          figures.stillTick.push(await tickCost(context, still));
        }
        await still.close();
      }
      if (copy) await rm(`dist/${copy}`);
      const m = (values: number[]) => round(median(values));
      out[screen.label] = {
        firstRenderMs: m(figures.render),
        stoppedWorkerMs: m(figures.stopped),
        staticFirstRenderMs: m(figures.still),
        ...(size === 100 && {
          tickMainThreadMs: m(figures.tick),
          staticTickMs: m(figures.stillTick),
        }),
      };
    }
    return out;
  });
