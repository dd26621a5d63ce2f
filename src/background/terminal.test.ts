import { describe, expect, it } from 'vitest';
import { TERMINAL } from '../core/consent';
import type { Native, NativeLink } from '../browser/ports';
import { setTerminalAccess } from './access';
import { syncBrowser } from './browser-sync';
import { handleTerminal } from './terminal';
import { terminalLink } from './terminal-link';
import {
  autoPrompts,
  keycloak,
  keycloakSignedIn,
  world,
  type TestWorld,
} from './__fixtures__/world';

const T = 1_700_000_000_000;
const token = { type: 'getToken', provider: 'kc', minValiditySeconds: 30 };

const connected = (w: TestWorld, over: Parameters<typeof keycloak>[0] = {}) =>
  keycloakSignedIn(w, T, over);

describe('handleTerminal', () => {
  it('refuses a provider the terminal was not allowed, saying where to allow it, and remembers a "no"', async () => {
    const w = world();
    await connected(w);
    const { prompts, asked } = autoPrompts(false);
    const reply = await handleTerminal(w.deps, prompts.ask, token);
    expect(reply).toEqual({
      ok: false,
      error: {
        code: 'denied',
        message: expect.stringContaining(
          "Terminal access to Keycloak (apiax realm) is off. Allow it in Token Keeper's options (Terminal)",
        ) as string,
      },
    });
    expect(asked[0]).toMatchObject({ origin: TERMINAL, provider: 'kc' });
    // Refused at once the next time: no second window.
    expect((await handleTerminal(w.deps, prompts.ask, token)).ok).toBe(false);
    expect(asked).toHaveLength(1);
    expect(await w.deps.consent.audit()).toEqual([]);
  });

  it('hands an allowed provider its access token only, and the audit names the terminal', async () => {
    const w = world();
    await connected(w);
    await setTerminalAccess(w.deps, 'kc', true);
    const { prompts, asked } = autoPrompts('never');
    const reply = await handleTerminal(w.deps, prompts.ask, token);
    expect(reply).toEqual({
      ok: true,
      value: { accessToken: 'AT', tokenType: 'bearer', expiresAt: T + 1_800_000 },
    });
    expect(JSON.stringify(reply)).not.toContain('RT');
    expect(asked).toEqual([]);
    expect(await w.deps.consent.audit()).toEqual([{ origin: TERMINAL, provider: 'kc', at: T }]);
  });

  it('takes a provider back at the next request, and a "no" given in the options page stands like one from the window', async () => {
    const w = world();
    await connected(w);
    await setTerminalAccess(w.deps, 'kc', true);
    await setTerminalAccess(w.deps, 'kc', false);
    const { prompts, asked } = autoPrompts(true);
    expect(await handleTerminal(w.deps, prompts.ask, token)).toMatchObject({
      ok: false,
      error: { code: 'denied' },
    });
    expect(asked).toEqual([]);
    // Allowed again, the "no" is gone.
    await setTerminalAccess(w.deps, 'kc', true);
    expect((await handleTerminal(w.deps, prompts.ask, token)).ok).toBe(true);
  });

  it('tells the terminal which providers exist (it runs as the user), but never a page that was not allowed', async () => {
    const w = world();
    const { prompts } = autoPrompts('never');
    expect(await handleTerminal(w.deps, prompts.ask, { ...token, provider: 'nope' })).toMatchObject(
      { ok: false, error: { code: 'unknown_provider' } },
    );
    expect(
      await handleTerminal(w.deps, prompts.ask, { type: 'getToken', provider: '../x' }),
    ).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await handleTerminal(w.deps, prompts.ask, 'status')).toMatchObject({
      ok: false,
      error: { code: 'bad_request' },
    });
  });

  it('lists every identity with its state and times, and whether the terminal may have it, without a token', async () => {
    const w = world();
    await connected(w);
    await setTerminalAccess(w.deps, 'kc', true);
    const reply = await handleTerminal(w.deps, autoPrompts('never').prompts.ask, {
      type: 'status',
    });
    expect(reply).toEqual({
      ok: true,
      value: {
        identities: [
          {
            provider: 'kc',
            name: 'Keycloak (apiax realm)',
            active: true,
            state: 'fresh',
            expiresAt: T + 1_800_000,
            terminal: true,
          },
        ],
      },
    });
    expect(JSON.stringify(reply)).not.toMatch(/AT|RT|IT/);
  });

  it('adds no page to the header rules for the terminal’s grant', async () => {
    const w = world();
    await connected(w, { inject: ['http://127.0.0.1:7200/api/'] });
    await setTerminalAccess(w.deps, 'kc', true);
    await syncBrowser(w.deps);
    const initiators = w.headerRuleSets.at(-1)?.flatMap((r) => r.condition.initiatorDomains ?? []);
    expect(initiators).toEqual(['127.0.0.1']);
  });
});

/** A native port the test drives: what the worker posted, and the host's side of it. */
function fakeNative(granted = true) {
  const posted: unknown[] = [];
  let host: { message: (m: unknown) => void; close: (reason?: string) => void } | undefined;
  let opened = 0;
  const native: Native & { granted(): Promise<boolean> } = {
    granted: () => Promise.resolve(granted),
    connect: (_name, onMessage, onClose): NativeLink => {
      opened += 1;
      host = { message: onMessage, close: onClose };
      return { post: (m) => posted.push(m), close: () => undefined };
    },
    onPermissionChange: () => undefined,
  };
  return {
    native,
    posted,
    host: () => host,
    opened: () => opened,
    setGranted: (value: boolean) => (granted = value),
  };
}

describe('terminalLink', () => {
  it('answers each relayed request on its number, and says where the host listens', async () => {
    const fake = fakeNative();
    const link = terminalLink(
      fake.native,
      (r) => Promise.resolve({ echo: r }),
      () => 0,
    );
    expect(await link.ensure()).toEqual({ kind: 'starting' });
    fake.host()?.message({ hello: { socket: '/run/user/1/token-keeper/host.sock' } });
    expect(link.state()).toEqual({
      kind: 'connected',
      socket: '/run/user/1/token-keeper/host.sock',
    });
    fake.host()?.message({ id: 7, request: { type: 'status' } });
    fake.host()?.message({ id: 'x', request: {} });
    fake.host()?.message({ request: {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.posted).toEqual([{ id: 7, reply: { echo: { type: 'status' } } }]);
  });

  it('answers a request whose handling failed, so the command does not wait for ever', async () => {
    const fake = fakeNative();
    const link = terminalLink(
      fake.native,
      () => Promise.reject(new Error('boom')),
      () => 0,
    );
    await link.ensure();
    fake.host()?.message({ id: 1, request: {} });
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.posted).toEqual([
      {
        id: 1,
        reply: {
          ok: false,
          error: { code: 'unavailable', message: 'Token Keeper failed: Error: boom' },
        },
      },
    ]);
  });

  it('says why the host ended, opens again at once after a steady run but not after a failed start', async () => {
    const fake = fakeNative();
    let now = 0;
    const link = terminalLink(
      fake.native,
      () => Promise.resolve(null),
      () => now,
    );
    await link.ensure();
    fake.host()?.close('Specified native messaging host not found.');
    expect(link.state()).toEqual({
      kind: 'stopped',
      reason: 'Specified native messaging host not found.',
    });
    expect(fake.opened()).toBe(1);
    await link.ensure();
    now = 10_000;
    fake.host()?.close(undefined);
    await new Promise((r) => setTimeout(r, 0));
    expect(fake.opened()).toBe(3);
  });

  it('opens nothing without the permission, and closes what is open when it is taken back', async () => {
    const fake = fakeNative(false);
    const link = terminalLink(
      fake.native,
      () => Promise.resolve(null),
      () => 0,
    );
    expect(await link.ensure()).toEqual({ kind: 'off' });
    expect(fake.opened()).toBe(0);
    fake.setGranted(true);
    await link.ensure();
    fake.setGranted(false);
    expect(await link.ensure()).toEqual({ kind: 'off' });
  });
});
