import type { Page } from '@playwright/test';

/** Figures are medians: one slow run on a shared machine must not move them. */
export const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

export const round = (n: number): number => Math.round(n * 10) / 10;

/** How many times each timing is taken (`BENCH_RUNS`, default 5). */
export const RUNS = Number(process.env['BENCH_RUNS'] ?? 5);

/** The median of `RUNS` runs of a task that measures itself, rounded. */
export async function medianOf(task: () => Promise<number>, runs = RUNS): Promise<number> {
  const out: number[] = [];
  for (let i = 0; i < runs; i += 1) out.push(await task());
  return round(median(out));
}

/** How long a task takes, in ms. */
export async function timed(task: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await task();
  return performance.now() - start;
}

export function table(title: string, head: readonly string[], rows: (string | number)[][]): void {
  console.log(`\n${title}\n| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`);
  for (const row of rows) console.log(`| ${row.join(' | ')} |`);
}

/**
 * How long a message from an extension page takes to be answered by the worker, timed inside the
 * page: the harness's own round trip to the page is not part of it.
 */
export const answeredInPage = (page: Page, message: unknown): Promise<number> =>
  page.evaluate(async (m) => {
    const start = performance.now();
    await chrome.runtime.sendMessage(m);
    return performance.now() - start;
  }, message);
