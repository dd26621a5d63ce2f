import { describe, expect, it } from 'vitest';
import { INTERRUPTED, fail, ok, type Result } from '../core/failure';
import type { HttpRequest } from '../core/http';
import type { Alarms, Http, KeyValueArea, Sent } from '../browser/ports';
import type { Deps } from './deps';
import { createConsentStore } from './consent-store';
import { onAlarm } from './alarms';
import { getToken, refreshNow } from './refresh';
import { refreshDue, repair } from './startup';
import { handlePageRequest } from './page-requests';
import { schedule } from './schedule';
import type { ProviderRecord } from './records';
import { createStore } from './store';
import { memoryLocks } from '../browser/fakes';
import { keycloak, world, type TestWorld, signedIn } from './__fixtures__/world';

const T = 1_700_000_000_000;
const LIFETIME_S = 300;

/**
 * A token endpoint that remembers which refresh tokens are live, like a real server: `rotate`
 * replaces the refresh token at every refresh (and a re-sent old one is theft: every token of the
 * family dies, as on Keycloak, Auth0 or Okta); otherwise the same one stays valid. `faults` answer
 * the next requests instead of tokens.
 */
function provider(w: TestWorld, rotate: boolean) {
  let n = 0;
  const live = new Set(['refresh-0']);
  const server = {
    requests: [] as string[],
    /** Refresh tokens that arrived after they had been used: what reuse detection punishes. */
    reused: [] as string[],
    faults: [] as ('503' | 'timeout' | 'lost')[],
    http: {
      async send(request: HttpRequest): Promise<Result<Sent>> {
        const sentAt = w.clock.now();
        await Promise.resolve();
        const token = new URLSearchParams(request.body).get('refresh_token') ?? '';
        server.requests.push(token);
        const fault = server.faults.shift();
        if (fault === '503')
          return ok({ status: 503, headers: {}, body: 'Service Unavailable', sentAt });
        if (fault === 'timeout')
          return fail('transient', 'timeout', 'The provider did not answer within 20 s.', {
            unanswered: true,
          });
        if (!live.has(token)) {
          if (server.requests.filter((t) => t === token).length > 1) server.reused.push(token);
          live.clear();
          return ok({ status: 400, headers: {}, body: '{"error":"invalid_grant"}', sentAt });
        }
        n += 1;
        const next = rotate ? `refresh-${n}` : token;
        if (rotate) {
          live.delete(token);
          live.add(next);
        }
        const body = JSON.stringify({
          access_token: `access-${n}`,
          token_type: 'Bearer',
          expires_in: LIFETIME_S,
          ...(rotate && { refresh_token: next }),
        });
        if (fault === 'lost')
          return fail('transient', 'network', 'The provider could not be reached.', {
            unanswered: true,
          });
        return ok({ status: 200, headers: { 'content-type': 'application/json' }, body, sentAt });
      },
    } satisfies Http,
  };
  return server;
}

/** A connected provider whose token is due in 40 s, with one refresh behind it if `seen`. */
async function connected(w: TestWorld, rotate: boolean, seen = true): Promise<void> {
  const profile = keycloak();
  await w.deps.store.saveProfile(profile, undefined);
  const entry = (kind: 'sign-in' | 'refresh', rotated: boolean) => ({
    kind,
    obtainedAt: T - 290_000,
    expiresAt: T + 100_000,
    rotated,
    changedClaims: [],
  });
  const record: ProviderRecord = {
    tokens: {
      accessToken: 'access-0',
      tokenType: 'bearer',
      refreshToken: 'refresh-0',
      obtainedAt: T - 290_000,
      expiresAt: T + 100_000,
    },
    status: 'fresh',
    timeline: seen ? [entry('refresh', rotate), entry('sign-in', true)] : [entry('sign-in', true)],
  };
  await signedIn(w.deps.store, profile, record);
  await schedule(w.deps, profile, '1', record);
  expect(w.alarms.all.get('refresh:kc:1')).toBe(T + 40_000);
}

/** Fires alarms as the browser does, each at its time, until `until`; returns how many fired. */
async function runAlarms(w: TestWorld, deps: Deps, until: number): Promise<number> {
  let fired = 0;
  for (;;) {
    const next = [...w.alarms.all].sort((a, b) => a[1] - b[1])[0];
    if (!next || next[1] > until) return fired;
    w.clock.at = Math.max(w.clock.at, next[1]);
    w.alarms.fired(next[0], w.clock.at);
    await onAlarm(deps, next[0]);
    fired += 1;
  }
}

/** The provider's record as storage holds it, read as a new worker would (with no memory yet). */
const record = (w: TestWorld) => createStore(w.local, w.session).record(keycloak());

describe('a transient failure is retried until the provider answers', () => {
  it('sends the refresh again at each backoff time after 503s, then stores the tokens', async () => {
    const w = world();
    const server = provider(w, true);
    const deps = { ...w.deps, http: server.http };
    await connected(w, true);
    server.faults.push('503', '503', '503');
    await runAlarms(w, deps, T + 6 * 60_000);
    // Three failures, then the fourth request got tokens; nobody clicked anything.
    expect(server.requests).toEqual(['refresh-0', 'refresh-0', 'refresh-0', 'refresh-0']);
    expect(await record(w)).toMatchObject({ status: 'fresh', tokens: { accessToken: 'access-1' } });
    expect((await record(w))?.failures).toBeUndefined();
  });

  it('once the token has expired, tells callers and pages when it tries again: no stale token', async () => {
    const w = world();
    const server = provider(w, true);
    const deps = { ...w.deps, http: server.http };
    await connected(w, true);
    server.faults.push('503', '503', '503', '503');
    await runAlarms(w, deps, T + 105_000);
    w.clock.at = T + 105_000;
    const token = await getToken(deps, 'kc');
    expect(token).toMatchObject({ ok: false, error: { kind: 'transient', code: 'server_error' } });
    expect(!token.ok && token.error.message).toMatch(/tries again in \d+ s\.$/);
    await w.deps.consent.changeGrants(() => [
      { origin: 'http://localhost:3000', provider: 'kc', grantedAt: T },
    ]);
    const page = await handlePageRequest(
      deps,
      () => Promise.resolve(true),
      'http://localhost:3000',
      { type: 'getToken', provider: 'kc' },
      'externally_connectable',
    );
    // A fixed sentence: nothing the server said reaches the page.
    expect(page).toEqual({
      ok: false,
      error: {
        code: 'unavailable',
        message:
          'Token Keeper has no valid token for this provider right now; it keeps trying. Try again later.',
      },
    });
    // Asking did not send anything outside the backoff.
    expect(server.requests).toHaveLength(2);
  });
});

describe('a token near its end', () => {
  it('is not handed out in its last two seconds, when its end may already have passed at the provider', async () => {
    const w = world();
    const server = provider(w, true);
    const deps = { ...w.deps, http: server.http };
    await connected(w, true);
    // Two failures: the next try is after the token's end.
    server.faults.push('503', '503');
    await runAlarms(w, deps, T + 71_000);
    expect(server.requests).toHaveLength(2);
    const end = (await record(w))?.tokens.expiresAt ?? 0;
    w.clock.at = end - 3000;
    expect(await getToken(deps, 'kc')).toMatchObject({ ok: true });
    w.clock.at = end - 1500;
    expect(await getToken(deps, 'kc')).toMatchObject({ ok: false, error: { kind: 'transient' } });
  });
});

/**
 * Ports over the same storage and alarms that stop answering for good after `killAt` calls: the
 * worker died there. Every call is two steps, before it takes effect and after (done, but the
 * worker never hears back), so a kill can land on either side of a write or of a request.
 */
function mortal(w: TestWorld, http: Http, killAt: number) {
  let steps = 0;
  let die: () => void = () => undefined;
  const died = new Promise<void>((resolve) => (die = resolve));
  const step = (): Promise<void> => {
    steps += 1;
    if (steps <= killAt) return Promise.resolve();
    die();
    return new Promise<never>(() => undefined);
  };
  const wrap =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await step();
      const result = await call(...args);
      await step();
      return result;
    };
  const area = (a: KeyValueArea): KeyValueArea => ({
    get: wrap((keys: Parameters<KeyValueArea['get']>[0]) => a.get(keys)),
    set: wrap((items: Record<string, unknown>) => a.set(items)),
    remove: wrap((keys: string | string[]) => a.remove(keys)),
  });
  const alarms: Alarms = {
    scheduledAt: wrap((name: string) => w.alarms.scheduledAt(name)),
    set: wrap((name: string, when: number, repeatMs?: number) =>
      w.alarms.set(name, when, repeatMs),
    ),
    clear: wrap((name: string) => w.alarms.clear(name)),
  };
  const local = area(w.local);
  const session = area(w.session);
  const deps: Deps = {
    ...w.deps,
    store: createStore(local, session),
    consent: createConsentStore(local, session, w.deps.locks),
    alarms,
    http: {
      send: wrap((request: HttpRequest, timeoutMs: number) => http.send(request, timeoutMs)),
    },
    locks: memoryLocks(),
    setHeaderRules: wrap(w.deps.setHeaderRules),
    syncBridge: wrap(w.deps.syncBridge),
    attention: {
      badge: wrap((count: number) => w.deps.attention.badge(count)),
      notify: wrap((id: string, title: string, message: string) =>
        w.deps.attention.notify(id, title, message),
      ),
    },
  };
  return { deps, died, steps: () => steps };
}

/** Runs `task` on a worker that dies after `killAt` steps; resolves when it ended or died. */
async function until(
  w: TestWorld,
  http: Http,
  killAt: number,
  task: (deps: Deps) => Promise<unknown>,
) {
  const worker = mortal(w, http, killAt);
  const finished = await Promise.race([
    task(worker.deps).then(() => true),
    worker.died.then(() => false),
  ]);
  return { finished, steps: worker.steps() };
}

/** Runs `task` on a worker that dies as the answer to its request arrives: the server acted on it. */
async function diesAfterSend(
  w: TestWorld,
  server: ReturnType<typeof provider>,
  task: (deps: Deps) => Promise<unknown>,
) {
  let die: () => void = () => undefined;
  const died = new Promise<void>((resolve) => (die = resolve));
  const http: Http = {
    async send(request) {
      await server.http.send(request);
      die();
      return new Promise<never>(() => undefined);
    },
  };
  await Promise.race([task(mortal(w, http, Infinity).deps), died]);
}

/** A worker start: the repair, then the refreshes that came due. */
const start = async (deps: Deps) => refreshDue(deps, await repair(deps));

/** The invariant: a provider that can still refresh has an alarm that will wake a worker. */
async function scheduledIfConnected(w: TestWorld): Promise<boolean> {
  const r = await record(w);
  if (!r || r.status === 'needs-sign-in') return true;
  return w.alarms.all.has('refresh:kc:1');
}

describe('no sequence of worker kills loses the schedule or re-sends a spent token', () => {
  /** How many steps an alarm-driven refresh and a worker start take when nothing dies. */
  async function stepsOf(rotate: boolean) {
    const w = world();
    const server = provider(w, rotate);
    await connected(w, rotate);
    w.clock.at = T + 40_000;
    w.alarms.fired('refresh:kc:1', w.clock.at);
    const refresh = await until(w, server.http, Infinity, (d) => onAlarm(d, 'refresh:kc:1'));
    const startUp = await until(w, server.http, Infinity, start);
    return { refresh: refresh.steps, startUp: startUp.steps };
  }

  for (const rotate of [true, false]) {
    it(`a provider that ${rotate ? 'rotates' : 'keeps'} its refresh token, killed at any two points`, async () => {
      const steps = await stepsOf(rotate);
      expect(steps.refresh).toBeGreaterThan(10);
      let interruptedRuns = 0;
      for (let first = 0; first < steps.refresh; first += 1) {
        for (let second = 0; second <= steps.startUp; second += 1) {
          const w = world();
          const server = provider(w, rotate);
          await connected(w, rotate);
          // The alarm fires and the worker dies `first` steps into handling it...
          w.clock.at = T + 40_000;
          w.alarms.fired('refresh:kc:1', w.clock.at);
          const run = await until(w, server.http, first, (d) => onAlarm(d, 'refresh:kc:1'));
          expect(run.finished).toBe(false);
          expect(await scheduledIfConnected(w)).toBe(true);
          // ...the next worker (woken by that alarm) dies `second` steps into its start...
          w.clock.at += 1_000;
          await until(w, server.http, second, start);
          expect(await scheduledIfConnected(w)).toBe(true);
          // ...and from then on workers live: an hour of alarms, each with a start before it.
          const live = mortal(w, server.http, Infinity).deps;
          await start(live);
          await runAlarms(w, live, T + 3_600_000);

          const at = `killed at steps ${first} and ${second}`;
          expect(server.reused, at).toEqual([]);
          const end = await record(w);
          if (end?.status === 'needs-sign-in') {
            // Only a rotating provider whose request may have reached the server stops, and says why.
            expect(rotate, at).toBe(true);
            expect(end.error?.code, at).toBe(INTERRUPTED);
            interruptedRuns += 1;
          } else {
            expect(end, at).toMatchObject({ status: 'fresh' });
            expect(end?.tokens.expiresAt, at).toBeGreaterThan(w.clock.at);
            expect(w.alarms.all.has('refresh:kc:1'), at).toBe(true);
          }
        }
      }
      // Kills after the request went out exist, and for a rotating provider they stop it.
      expect(interruptedRuns > 0).toBe(rotate);
      // Every pair of kill points is a run of its own: hundreds of runs, seconds in all.
    }, 60_000);
  }
});

describe('an interrupted refresh', () => {
  it('is not shown as fresh after a restart; a rotating provider asks to sign in, and "try anyway" sends it once', async () => {
    const w = world();
    const server = provider(w, true);
    await connected(w, true);
    w.clock.at = T + 40_000;
    w.alarms.fired('refresh:kc:1', w.clock.at);
    // Killed right after the request reached the server: its answer (a new refresh token) is lost.
    await diesAfterSend(w, server, (d) => onAlarm(d, 'refresh:kc:1'));
    expect(server.requests).toEqual(['refresh-0']);
    const deps = { ...w.deps, http: server.http };
    await start(deps);
    expect(await record(w)).toMatchObject({
      status: 'needs-sign-in',
      error: {
        code: INTERRUPTED,
        message: expect.stringContaining(
          'interrupted after it was sent (the worker stopped before the answer came); the provider has probably replaced the refresh token: sign in again',
        ) as unknown,
      },
    });
    expect(w.alarms.all.has('refresh:kc:1')).toBe(false);
    expect(await refreshNow(deps, 'kc')).toMatchObject({ ok: false, error: { code: INTERRUPTED } });
    expect(server.requests).toHaveLength(1);
    // The user chose to try the old token: it is sent once; this server had rotated it away.
    expect(await refreshNow(deps, 'kc', undefined, true)).toMatchObject({
      ok: false,
      error: { code: 'invalid_grant' },
    });
    expect(server.requests).toEqual(['refresh-0', 'refresh-0']);
  });

  it('is retried at once for a provider that keeps its refresh token', async () => {
    const w = world();
    const server = provider(w, false);
    await connected(w, false);
    w.clock.at = T + 40_000;
    w.alarms.fired('refresh:kc:1', w.clock.at);
    await diesAfterSend(w, server, (d) => onAlarm(d, 'refresh:kc:1'));
    await start({ ...w.deps, http: server.http });
    expect(server.requests).toEqual(['refresh-0', 'refresh-0']);
    expect(await record(w)).toMatchObject({ status: 'fresh', tokens: { accessToken: 'access-2' } });
  });

  it('is sent again within the alarm floor when no event wakes a worker sooner', async () => {
    const w = world();
    const server = provider(w, false);
    await connected(w, false);
    w.clock.at = T + 40_000;
    w.alarms.fired('refresh:kc:1', w.clock.at);
    await diesAfterSend(w, server, (d) => onAlarm(d, 'refresh:kc:1'));
    const sentAt = w.clock.at;
    // Nothing happens until the browser fires the first alarm: a new worker starts for it.
    const [name, at] = [...w.alarms.all].sort((a, b) => a[1] - b[1])[0] ?? ['none', Infinity];
    w.clock.at = at;
    w.alarms.fired(name, at);
    const deps = { ...w.deps, http: server.http };
    await start(deps);
    await onAlarm(deps, name);
    expect(server.requests).toEqual(['refresh-0', 'refresh-0']);
    expect(w.clock.at - sentAt).toBeLessThanOrEqual(30_000);
    expect(await record(w)).toMatchObject({ status: 'fresh', tokens: { accessToken: 'access-2' } });
  });

  it('that timed out stops a rotating provider, and is retried with backoff for one that keeps', async () => {
    for (const rotate of [true, false]) {
      const w = world();
      const server = provider(w, rotate);
      const deps = { ...w.deps, http: server.http };
      await connected(w, rotate);
      server.faults.push('timeout');
      await runAlarms(w, deps, T + 2 * 60_000);
      const end = await record(w);
      if (rotate) {
        expect(server.requests).toEqual(['refresh-0']);
        expect(end).toMatchObject({ status: 'needs-sign-in', error: { code: INTERRUPTED } });
        expect(end?.error?.message).toContain('(the provider did not answer within 20 s)');
      } else {
        expect(server.requests).toEqual(['refresh-0', 'refresh-0']);
        expect(end).toMatchObject({ status: 'fresh', tokens: { accessToken: 'access-1' } });
      }
    }
  });

  it('is treated as rotating until a refresh has shown what the provider does', async () => {
    const w = world();
    const server = provider(w, false);
    await connected(w, false, false);
    server.faults.push('lost');
    await runAlarms(w, { ...w.deps, http: server.http }, T + 5 * 60_000);
    expect(server.requests).toEqual(['refresh-0']);
    expect(await record(w)).toMatchObject({
      status: 'needs-sign-in',
      error: { code: INTERRUPTED },
    });
  });
});

describe('Refresh now', () => {
  it('joins a refresh that ended within the last second: twenty quick clicks, one request', async () => {
    const w = world();
    const server = provider(w, true);
    const deps = { ...w.deps, http: server.http };
    await connected(w, true);
    const clicks = [];
    for (let i = 0; i < 20; i += 1) {
      clicks.push(refreshNow(deps, 'kc'));
      await new Promise((resolve) => setTimeout(resolve, 1));
      w.clock.at += 5;
    }
    const replies = await Promise.all(clicks);
    expect(server.requests).toHaveLength(1);
    expect(new Set(replies.map((r) => r.ok && r.value.expiresAt)).size).toBe(1);
    // A second later a click is a new refresh.
    w.clock.at += 1_000;
    await refreshNow(deps, 'kc');
    expect(server.requests).toHaveLength(2);
  });
});
