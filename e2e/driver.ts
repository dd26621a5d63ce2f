import { test as base } from '@playwright/test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Profile } from '../src/core/profile/types';
import type { ProviderView, Reply, Request } from '../src/shared/protocol';
import { profilesFor } from './profiles';
import {
  CREDENTIALS,
  SERVER_NAMES,
  startServers,
  stopServers,
  type ServerName,
  type Servers,
} from './servers/all';

/**
 * Speaks to the extension's background the way its popup does, from one of its own pages; the
 * browser-specific part (Playwright in Chromium, puppeteer in Firefox) is `ask` and the sign-in
 * window.
 */
export abstract class ExtensionDriver {
  abstract ask<R extends Request>(request: R): Promise<Reply<R['type']>>;

  /** Waits for the sign-in window the next connect opens, and signs in there. */
  protected abstract signInWindow(): Promise<void>;

  /** Saves a profile; one whose endpoints are a guess is first completed by the worker's discovery. */
  async save(given: Profile): Promise<void> {
    let profile = given;
    if (given.unverified) {
      const found = await this.ask({ type: 'discover', profile: given });
      if (!found.ok) throw new Error(`discover ${given.id}: ${found.error.message}`);
      profile = found.value.profile;
    }
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
  async connect(profile: Profile): Promise<Reply<'connect'>> {
    if (profile.signIn.kind === 'password') {
      return this.ask({ type: 'connect', providerId: profile.id, credentials: CREDENTIALS.user });
    }
    if (profile.signIn.kind === 'client_credentials')
      return this.ask({ type: 'connect', providerId: profile.id });
    const signedIn = this.signInWindow();
    const reply = this.ask({ type: 'connect', providerId: profile.id });
    await signedIn;
    return reply;
  }
}

/** Every console line the browser printed: its pages and the extension's background alike. */
export class ConsoleLog {
  readonly lines: string[] = [];
}

interface Fixtures {
  noTokensInConsole: undefined;
  userDataDir: string;
  consoleLog: ConsoleLog;
  servers: Servers;
  profiles: Record<ServerName, Profile>;
}

/** What every e2e test has, whichever browser it drives: the test servers and a clean profile. */
export const withServers = base.extend<Fixtures>({
  userDataDir: async ({}, use) => {
    const dir = await mkdtemp(join(tmpdir(), 'token-keeper-'));
    await use(dir);
    await rm(dir, { recursive: true, force: true });
  },
  consoleLog: async ({}, use) => {
    await use(new ConsoleLog());
  },
  servers: async ({}, use) => {
    const servers = await startServers();
    await use(servers);
    await stopServers(servers);
  },
  profiles: async ({ servers }, use) => {
    await use(profilesFor(servers));
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
});

export { expect } from '@playwright/test';
