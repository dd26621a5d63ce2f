import type { BrowserContext, Page } from '@playwright/test';
import { fresh } from './fresh';
import { connectProviders, drawn, popupTab } from './popup';
import { round } from './stats';

/** One Chromium trace event (the JSON trace event format). */
interface TraceEvent {
  readonly name: string;
  readonly ph: string;
  readonly ts: number;
  readonly dur?: number;
  readonly pid: number;
  readonly tid: number;
  readonly args?: { readonly data?: { readonly documentLoaderURL?: string } };
}

/** Where a stretch of a page's main thread went, in ms. */
export type Breakdown = Record<string, number>;

const CATEGORIES = 'devtools.timeline,v8.execute,blink.user_timing,loading,toplevel';

/** The events Chromium records while `task` runs, from every process of the browser. */
async function traced(context: BrowserContext, view: Page, task: () => Promise<void>) {
  const cdp = await context.newCDPSession(view);
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', ({ value }) =>
    events.push(...(value as unknown as TraceEvent[])),
  );
  await cdp.send('Tracing.start', { categories: CATEGORIES, transferMode: 'ReportEvents' });
  await task();
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  await cdp.detach();
  return events;
}

/** Trace events by phase: each microsecond goes to the innermost event of a phase it is in. */
const PHASES: readonly (readonly [string, RegExp])[] = [
  ['parse HTML', /^ParseHTML$/],
  ['compile and evaluate scripts', /^(v8\.compile\w*|v8\.evaluateModule|EvaluateScript)$/],
  [
    'run JavaScript: events, timers, promises',
    /^(FunctionCall|TimerFire|RunMicrotasks|EventDispatch|FireAnimationFrame|FireIdleCallback)$/,
  ],
  ['style and layout', /^(UpdateLayoutTree|Layout)$/],
  ['paint and composite', /^(PrePaint|Paint|Layerize|Commit)$/],
  ['garbage collection', /^(MinorGC|MajorGC)$/],
];

/**
 * How the main thread of `pid` spent [from, to] (trace µs): each phase's own time, the rest of its
 * tasks as "other browser work on the page's thread", and the time it ran nothing as "waiting"
 * (for files, for the worker or storage, for the next frame).
 */
function breakdown(
  events: readonly TraceEvent[],
  pid: number,
  tid: number,
  from: number,
  to: number,
) {
  const inside = events
    .filter((e) => e.pid === pid && e.tid === tid && e.ph === 'X' && e.dur !== undefined)
    .filter((e) => e.ts >= from && e.ts + (e.dur ?? 0) <= to)
    .sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
  const out: Breakdown = {};
  const phaseOf = (e: TraceEvent) => PHASES.find(([, pattern]) => pattern.test(e.name))?.[0];
  // Own time of each phase event: its duration less the phase events directly inside it.
  const open: { end: number; phase: string }[] = [];
  let counted = 0;
  for (const e of inside) {
    const phase = phaseOf(e);
    if (!phase) continue;
    const end = e.ts + (e.dur ?? 0);
    while (open.length > 0 && (open.at(-1)?.end ?? 0) <= e.ts) open.pop();
    const parent = open.at(-1);
    if (parent) out[parent.phase] = (out[parent.phase] ?? 0) - (e.dur ?? 0);
    else counted += e.dur ?? 0;
    out[phase] = (out[phase] ?? 0) + (e.dur ?? 0);
    open.push({ end, phase });
  }
  let busy = 0;
  let busyUntil = from;
  for (const task of inside.filter((e) => e.name === 'RunTask')) {
    const end = task.ts + (task.dur ?? 0);
    if (end > busyUntil) busy += end - Math.max(task.ts, busyUntil);
    busyUntil = Math.max(busyUntil, end);
  }
  out['other work on the page’s thread'] = Math.max(0, busy - counted);
  out['waiting: files, worker, storage, next frame'] = to - from - Math.max(busy, counted);
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, round(v / 1000)]));
}

/** The page's main thread: the renderer thread where its navigation to `url` started. */
function pageThread(events: readonly TraceEvent[], url: string) {
  const start = events.find(
    (e) => e.name === 'navigationStart' && e.args?.data?.documentLoaderURL?.endsWith(url),
  );
  if (!start) throw new Error(`no navigation to ${url} in the trace`);
  return start;
}

/**
 * Chromium's trace of the popup with 100 connected providers: its first render (navigation
 * start → the frame with every row drawn) and 5 s of countdown ticks, divided by second.
 */
export const popupTrace = (): Promise<{ firstRender: Breakdown; tickPerSecond: Breakdown }> =>
  fresh(async (bench) => {
    await connectProviders(bench, 0, 100);
    const view = await popupTab(bench.context, 100);
    let drawnAtMs = 0;
    const load = await traced(bench.context, view, async () => {
      drawnAtMs = await drawn(view, bench.id);
    });
    const start = pageThread(load, 'src/popup/index.html');
    const firstRender = breakdown(
      load,
      start.pid,
      start.tid,
      start.ts,
      start.ts + drawnAtMs * 1000,
    );
    // The page's clock counts from its navigation start, the trace's clock from the machine's
    // start: `start.ts` places one on the other.
    const now = () => view.evaluate(() => performance.now());
    let from = 0;
    let to = 0;
    const ticks = await traced(bench.context, view, async () => {
      from = await now();
      await view.waitForTimeout(5000);
      to = await now();
    });
    const at = (ms: number) => start.ts + ms * 1000;
    const seconds = (to - from) / 1000;
    const perSecond = Object.entries(breakdown(ticks, start.pid, start.tid, at(from), at(to)));
    await view.close();
    return {
      firstRender,
      tickPerSecond: Object.fromEntries(perSecond.map(([k, v]) => [k, round(v / seconds)])),
    };
  });
