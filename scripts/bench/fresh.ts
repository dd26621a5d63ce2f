import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page, Worker } from '@playwright/test';
import { Extension, launchWithExtension, serviceWorkerOf } from '../../e2e/extension';
import { profilesFor } from '../../e2e/profiles';
import { startServers, stopServers, type ServerName, type Servers } from '../../e2e/servers/all';
import type { Profile } from '../../src/core/profile/types';

/** What a figure is measured in: its own servers and its own browser profile. */
export interface Bench {
  readonly servers: Servers;
  readonly profiles: Record<ServerName, Profile>;
  readonly context: BrowserContext;
  readonly worker: Worker;
  /** The extension's popup page, through which `extension` speaks to the worker. */
  readonly page: Page;
  readonly extension: Extension;
  readonly id: string;
}

/**
 * Runs one figure on a fresh start: new test servers (so no figure sees another's settings) and a
 * new browser profile with the built extension, both gone afterwards.
 */
export async function fresh<T>(task: (bench: Bench) => Promise<T>): Promise<T> {
  const servers = await startServers();
  const dir = await mkdtemp(join(tmpdir(), 'token-keeper-bench-'));
  const context = await launchWithExtension(dir);
  try {
    const worker = await serviceWorkerOf(context);
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/src/popup/index.html`);
    const extension = new Extension(context, page, id);
    const profiles = profilesFor(servers);
    return await task({ servers, profiles, context, worker, page, extension, id });
  } finally {
    await context.close();
    await stopServers(servers);
    await rm(dir, { recursive: true, force: true });
  }
}
