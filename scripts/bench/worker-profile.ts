import { workerSession } from '../../e2e/extension';
import { JOIN_WINDOW_MS } from '../../src/background/refresh';
import { fresh } from './fresh';
import { round } from './stats';

/** One node of a V8 CPU profile (CDP `Profiler.Profile`). */
interface ProfileNode {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** Where the worker's busy time per refresh goes, in ms. */
export type WorkerCpu = Record<string, number>;

const REFRESHES = 30;

/** Sorts each sample by who ran: our bundle, `fetch`, the garbage collector, or the browser. */
function byOwner(profile: CpuProfile): WorkerCpu {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const out: Record<string, number> = {};
  profile.samples.forEach((id, i) => {
    const frame = nodes.get(id)?.callFrame;
    if (!frame || frame.functionName === '(idle)') return;
    const owner = frame.url.startsWith('chrome-extension://')
      ? 'Token Keeper’s JavaScript'
      : frame.functionName === 'fetch' || frame.functionName === 'json'
        ? 'inside fetch and its body'
        : frame.functionName === '(garbage collector)'
          ? 'garbage collection'
          : 'the browser’s bindings behind extension APIs, and V8';
    out[owner] = (out[owner] ?? 0) + (profile.timeDeltas[i] ?? 0);
  });
  const ms = (us: number) => round(us / 1000 / REFRESHES);
  const perRefresh: WorkerCpu = {};
  for (const [owner, us] of Object.entries(out)) perRefresh[owner] = ms(us);
  perRefresh['all the worker’s busy time'] = ms(Object.values(out).reduce((a, b) => a + b, 0));
  return perRefresh;
}

/**
 * The worker's CPU per "Refresh now" (keycloak), from a V8 sampling profile taken on the worker
 * over `REFRESHES` refreshes, each past the join window.
 */
export const workerCpu = (): Promise<WorkerCpu> =>
  fresh(async ({ profiles, extension, page }) => {
    await extension.connected(profiles.keycloak);
    const { send, detach } = await workerSession(page);
    await send('Profiler.enable');
    await send('Profiler.setSamplingInterval', { interval: 100 });
    await send('Profiler.start');
    for (let i = 0; i < REFRESHES; i += 1) {
      await page.waitForTimeout(JOIN_WINDOW_MS + 100);
      await extension.ask({ type: 'refresh', providerId: 'keycloak' });
    }
    const { profile } = (await send('Profiler.stop')) as { profile: CpuProfile };
    await detach();
    return byOwner(profile);
  });
