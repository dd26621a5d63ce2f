import { killWorker } from '../../e2e/extension';
import { fresh } from './fresh';
import { medianOf, timed } from './stats';

/** A killed worker, then the first answered message, with every dialect connected. */
export const coldStartMs = (): Promise<number> =>
  fresh(async ({ profiles, extension, page }) => {
    for (const profile of Object.values(profiles)) await extension.connected(profile);
    return medianOf(async () => {
      await killWorker(page);
      return timed(() => extension.ask({ type: 'status' }));
    });
  });
