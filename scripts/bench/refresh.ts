import { JOIN_WINDOW_MS } from '../../src/background/refresh';
import { SERVER_NAMES } from '../../e2e/servers/all';
import { fresh } from './fresh';
import { answeredInPage, medianOf, round } from './stats';

export type RefreshFigures = Record<
  string,
  { refreshMs: number; plainFetchMs: number; ratio: number }
>;

/** "Refresh now" within `JOIN_WINDOW_MS` of the last refresh joins it: wait that out, untimed. */
const pastJoinWindow = () => new Promise((resolve) => setTimeout(resolve, JOIN_WINDOW_MS + 100));

/**
 * A refresh's whole cost per dialect: "Refresh now" (trigger → new token stored → answer, timed in
 * the popup page that sends it), against
 * its floor, a plain `fetch` of the same endpoint from the same worker.
 */
export const refreshFigures = (): Promise<RefreshFigures> =>
  fresh(async ({ profiles, extension, worker, page }) => {
    const out: RefreshFigures = {};
    for (const name of SERVER_NAMES) {
      await extension.connected(profiles[name]);
      const refreshMs = await medianOf(async () => {
        await pastJoinWindow();
        return answeredInPage(page, { type: 'refresh', providerId: name });
      });
      const endpoint = profiles[name].refresh;
      const plainFetchMs = await medianOf(() =>
        worker.evaluate(
          async ({ url, method }) => {
            const start = performance.now();
            await (await fetch(url, { method, credentials: 'omit', cache: 'no-store' })).text();
            return performance.now() - start;
          },
          { url: endpoint?.url ?? '', method: endpoint?.method ?? 'POST' },
        ),
      );
      out[name] = {
        refreshMs,
        plainFetchMs,
        ratio: round(refreshMs / Math.max(plainFetchMs, 0.1)),
      };
    }
    return out;
  });
