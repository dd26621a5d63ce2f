// In-memory stand-ins for the browser's ports, for tests only: lint keeps production code from
// importing this file.
import { fail, ok, type Result } from '../core/failure';
import type { HttpRequest } from '../core/http';
import type { Reply, Request } from '../shared/protocol';
import type { Alarms, Clock, Http, KeyValueArea, Locks, PagePort, Sent } from './ports';

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

/**
 * The same area answering each call in a later task, reading and writing when it answers, as the
 * browser's storage does: a read-then-write that is not under a lock can lose another's write.
 */
export function laterArea(area: KeyValueArea): KeyValueArea {
  const tick = () => new Promise((resolve) => setTimeout(resolve, 0));
  return {
    get: async (keys) => (await tick(), area.get(keys)),
    set: async (items) => (await tick(), area.set(items)),
    remove: async (keys) => (await tick(), area.remove(keys)),
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

type Answer = (request: Request) => unknown;

/**
 * A worker that answers each request type as `answers` say (a value is a success; a function
 * gets the request), records every request and copied text, and rejects when told to be gone.
 */
export function fakePagePort(answers: Partial<Record<Request['type'], unknown>> = {}) {
  const port = {
    asked: [] as Request[],
    copied: [] as string[],
    granted: true,
    gone: false,
    clipboardRefuses: false,
    snapshot: undefined as ((value: unknown) => void) | undefined,
    answers,
    async ask<R extends Request>(request: R): Promise<Reply<R['type']>> {
      port.asked.push(request);
      if (port.gone) throw new Error('Could not establish connection');
      const answer = port.answers[request.type];
      const value: unknown = await (typeof answer === 'function'
        ? (answer as Answer)(request)
        : answer);
      const reply =
        value === undefined
          ? fail('misconfigured', 'bad_message', `no answer for ${request.type}`)
          : typeof value === 'object' && value !== null && 'ok' in value
            ? value
            : ok(value);
      return reply as Reply<R['type']>;
    },
    watchStatus(listener: (value: unknown) => void): Promise<void> {
      port.snapshot = listener;
      return Promise.resolve();
    },
    copyText(text: string): Promise<void> {
      if (port.clipboardRefuses) return Promise.reject(new Error('Document is not focused.'));
      port.copied.push(text);
      return Promise.resolve();
    },
    requestHosts: (): Promise<boolean> => Promise.resolve(port.granted),
    requestNative: (): Promise<boolean> => Promise.resolve(port.granted),
    removeNative: (): Promise<boolean> => Promise.resolve(true),
  } satisfies PagePort & Record<string, unknown>;
  return port;
}
