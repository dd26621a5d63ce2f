import { CREDENTIALS } from '../../e2e/servers/all';
import { KEYCLOAK_REALM } from '../../e2e/servers/keycloak';
import { createProfile } from '../../src/core/profile/presets';
import { fresh } from './fresh';
import { RUNS, median, round } from './stats';

export type PopupFigures = Record<string, { firstRenderMs: number; tickMainThreadMs?: number }>;

/**
 * The popup's first render of the list, and the main thread's work per countdown tick at 100, in a
 * browser profile holding exactly 1, 20, then 100 connected providers.
 */
export const popupFigures = (): Promise<PopupFigures> =>
  fresh(async ({ servers, context, extension, id }) => {
    servers.keycloak.settings.accessSeconds = 1800;
    const out: PopupFigures = {};
    let have = 0;
    for (const size of [1, 20, 100]) {
      for (let i = have; i < size; i += 1) {
        const profile = createProfile('keycloak', {
          id: `kc-${String(i).padStart(3, '0')}`,
          name: `Provider ${i}`,
          base: `${servers.keycloak.url}${KEYCLOAK_REALM}`,
        });
        await extension.save(profile);
        await extension.ask({
          type: 'connect',
          providerId: profile.id,
          credentials: CREDENTIALS.user,
        });
      }
      have = size;
      const renders: number[] = [];
      const ticks: number[] = [];
      for (let run = 0; run < RUNS; run += 1) {
        const view = await context.newPage();
        await view.goto(`chrome-extension://${id}/src/popup/index.html`);
        await view.waitForFunction(
          (n) => document.querySelectorAll('[data-provider]').length === n,
          size,
        );
        renders.push(await view.evaluate(() => performance.now()));
        if (size === 100) {
          const cdp = await context.newCDPSession(view);
          await cdp.send('Performance.enable');
          const task = async () =>
            (await cdp.send('Performance.getMetrics')).metrics.find(
              (m) => m.name === 'TaskDuration',
            )?.value ?? 0;
          const before = await task();
          await view.waitForTimeout(5000);
          ticks.push((((await task()) - before) * 1000) / 5);
          await cdp.detach();
        }
        await view.close();
      }
      out[String(size)] = {
        firstRenderMs: round(median(renders)),
        ...(ticks.length > 0 && { tickMainThreadMs: round(median(ticks)) }),
      };
    }
    return out;
  });
