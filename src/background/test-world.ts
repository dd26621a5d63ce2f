import { fail, ok, type Result } from '../core/failure';
import type { HeaderRule } from '../core/header-rules';
import type { HttpRequest } from '../core/http';
import { createProfile } from '../core/presets';
import type { Profile } from '../core/profile';
import type {
  Alarms,
  Attention,
  Clock,
  Http,
  Identity,
  KeyValueArea,
  Locks,
  Sent,
} from '../browser/ports';
import type { Deps } from './deps';
import { createConsentStore } from './consent-store';
import { createPrompts } from './consent-prompts';
import { createStore } from './store';

/** Plain in-memory stand-ins for the browser, for tests of the worker's logic. */
export function memoryArea(): KeyValueArea & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: (keys) => {
      const list = keys === null ? [...data.keys()] : Array.isArray(keys) ? keys : [keys];
      return Promise.resolve(
        Object.fromEntries(
          list.filter((k) => data.has(k)).map((k) => [k, structuredClone(data.get(k))]),
        ),
      );
    },
    set: (items) => {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
      return Promise.resolve();
    },
    remove: (keys) => {
      for (const k of Array.isArray(keys) ? keys : [keys]) data.delete(k);
      return Promise.resolve();
    },
  };
}

/** Alarms as the browser keeps them: `all` has each one's time, `repeats` its period, if any. */
export function fakeAlarms(): Alarms & {
  all: Map<string, number>;
  repeats: Map<string, number>;
  /** What the browser does when an alarm fires: a one-shot alarm is gone, a repeating one moves on. */
  fired(name: string, now: number): void;
} {
  const all = new Map<string, number>();
  const repeats = new Map<string, number>();
  return {
    all,
    repeats,
    scheduledAt: (name) => Promise.resolve(all.get(name)),
    set: (name, when, repeatMs) => {
      all.set(name, when);
      if (repeatMs === undefined) repeats.delete(name);
      else repeats.set(name, repeatMs);
      return Promise.resolve();
    },
    clear: (name) => {
      all.delete(name);
      repeats.delete(name);
      return Promise.resolve();
    },
    fired: (name, now) => {
      const repeat = repeats.get(name);
      if (repeat === undefined) all.delete(name);
      else all.set(name, now + repeat);
    },
  };
}

/** Answers each request with the next queued response, after a tick, and records it. */
export function fakeHttp(
  clock: Clock & { at: number },
): Http & { sent: HttpRequest[]; queue: Result<Omit<Sent, 'sentAt'>>[] } {
  const sent: HttpRequest[] = [];
  const queue: Result<Omit<Sent, 'sentAt'>>[] = [];
  return {
    sent,
    queue,
    async send(request) {
      sent.push(request);
      const sentAt = clock.now();
      await new Promise((resolve) => setTimeout(resolve, 5));
      clock.at += 5; // a round trip takes time
      const next = queue.shift() ?? fail('transient', 'network', 'No response queued.');
      return next.ok ? ok({ ...next.value, sentAt }) : next;
    },
  };
}

/** Web Locks' behaviour for one process: tasks with the same name run one after another. */
export function memoryLocks(): Locks {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(name: string, task: () => Promise<T>): Promise<T> => {
    const run = (tails.get(name) ?? Promise.resolve()).then(task, task);
    tails.set(
      name,
      run.catch(() => undefined),
    );
    return run;
  };
}

export const jsonResponse = (body: unknown, status = 200): Result<Omit<Sent, 'sentAt'>> =>
  ok({ status, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export interface TestWorld {
  deps: Deps;
  local: ReturnType<typeof memoryArea>;
  session: ReturnType<typeof memoryArea>;
  alarms: ReturnType<typeof fakeAlarms>;
  http: ReturnType<typeof fakeHttp>;
  badges: number[];
  notes: string[];
  clock: Clock & { at: number };
  launches: string[];
  redirects: string[];
  /** Each set of origins the bridge was registered on, in order. */
  bridged: string[][];
  /** Each set of header rules, in order. */
  headerRuleSets: HeaderRule[][];
  /** Tokens the fake browser refuses in a header rule, as Chromium refuses CR or LF. */
  refusedTokens: string[];
}

export function world(): TestWorld {
  const clock = { at: 1_700_000_000_000, now: () => clock.at, random: () => 0.5 };
  const local = memoryArea();
  const session = memoryArea();
  const alarms = fakeAlarms();
  const http = fakeHttp(clock);
  const badges: number[] = [];
  const notes: string[] = [];
  const launches: string[] = [];
  const redirects: string[] = [];
  const bridged: string[][] = [];
  const headerRuleSets: HeaderRule[][] = [];
  const refusedTokens: string[] = [];
  const identity: Identity = {
    redirectUri: 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/',
    launch: (url) => {
      launches.push(url);
      const next = redirects.shift();
      return Promise.resolve(
        next === undefined ? fail('reauth', 'sign_in_cancelled', 'Closed.') : ok(next),
      );
    },
  };
  const attention: Attention = {
    badge: (count) => {
      badges.push(count);
      return Promise.resolve();
    },
    notify: (_id, title, message) => {
      notes.push(`${title}: ${message}`);
      return Promise.resolve();
    },
  };
  const deps: Deps = {
    store: createStore(local, session),
    alarms,
    http,
    identity,
    attention,
    clock,
    locks: memoryLocks(),
    consent: createConsentStore(local, session),
    syncBridge: (origins) => {
      bridged.push([...origins]);
      return Promise.resolve();
    },
    setHeaderRules: (groups) => {
      const refused = (group: readonly HeaderRule[]) =>
        group.some((r) => refusedTokens.some((t) => r.action.requestHeaders[0]?.value.includes(t)));
      headerRuleSets.push(groups.filter((g) => !refused(g)).flat());
      return Promise.resolve(groups.flatMap((g, i) => (refused(g) ? [i] : [])));
    },
  };
  return {
    deps,
    local,
    session,
    alarms,
    http,
    badges,
    notes,
    clock,
    launches,
    redirects,
    bridged,
    headerRuleSets,
    refusedTokens,
  };
}

export const keycloak = (over: Partial<Profile> = {}): Profile => ({
  ...createProfile('keycloak', { id: 'kc', base: 'http://127.0.0.1:7104/realms/apiax' }),
  ...over,
});

/** Consent prompts whose window "opens" by recording the question and answering as told. */
export function autoPrompts(answer: boolean | 'never') {
  const asked: Record<string, string>[] = [];
  let n = 0;
  const prompts = createPrompts(
    (query) => {
      asked.push(query);
      if (answer !== 'never')
        queueMicrotask(() => prompts.answer(query['requestId'] ?? '', answer));
      return Promise.resolve({ closed: new Promise<void>(() => undefined) });
    },
    () => `request-${(n += 1)}`,
  );
  return { prompts, asked };
}
