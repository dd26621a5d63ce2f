import { afterEach, describe, expect, it, vi } from 'vitest';
import { ANSWER_TIMEOUT_MS } from '../shared/page-protocol';
import { createPrompts } from './consent-prompts';

const details = { name: 'Keycloak', tokenHost: 'idp.example', inject: [] };
const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Prompts whose windows only record that they opened; the test answers them. */
function prompts() {
  const opened: string[] = [];
  let n = 0;
  const p = createPrompts(
    (query) => {
      opened.push(`${query['origin']} ${query['provider']} ${query['requestId']}`);
      return Promise.resolve({ closed: new Promise<void>(() => undefined) });
    },
    () => `r${(n += 1)}`,
  );
  return { ...p, opened };
}

describe('consent prompts', () => {
  afterEach(() => vi.useRealTimers());

  it('opens one window at a time: another site’s opens when the first is answered', async () => {
    const p = prompts();
    const first = p.ask('https://a.example', 'kc', details);
    const second = p.ask('https://b.example', 'kc', details);
    await settled();
    expect(p.opened).toEqual(['https://a.example kc r1']);
    expect(p.answer('r1', true)).toBe(true);
    expect(await first).toBe(true);
    await settled();
    expect(p.opened).toEqual(['https://a.example kc r1', 'https://b.example kc r2']);
    p.answer('r2', false);
    expect(await second).toBe(false);
  });

  it('lets the same site and provider share one window, and refuses another provider meanwhile', async () => {
    const p = prompts();
    const first = p.ask('https://a.example', 'kc', details);
    const again = p.ask('https://a.example', 'kc', details);
    expect(await p.ask('https://a.example', 'other', details)).toBeUndefined();
    await settled();
    p.answer('r1', true);
    expect([await first, await again]).toEqual([true, true]);
    expect(p.opened).toHaveLength(1);
  });

  it('gives the next site its turn when a window could not open', async () => {
    const opened: string[] = [];
    let n = 0;
    const p = createPrompts(
      (query) => {
        opened.push(query['origin'] ?? '');
        return opened.length === 1
          ? Promise.reject(new Error('no window'))
          : Promise.resolve({ closed: new Promise<void>(() => undefined) });
      },
      () => `r${(n += 1)}`,
    );
    const first = p.ask('https://a.example', 'kc', details).catch(() => 'failed');
    const second = p.ask('https://b.example', 'kc', details);
    expect(await first).toBe('failed');
    await settled();
    expect(opened).toEqual(['https://a.example', 'https://b.example']);
    p.answer('r2', true);
    expect(await second).toBe(true);
  });

  it('counts a waiting site’s time from its request: it may time out before its turn, unasked', async () => {
    vi.useFakeTimers();
    const p = prompts();
    const first = p.ask('https://a.example', 'kc', details);
    await vi.advanceTimersByTimeAsync(ANSWER_TIMEOUT_MS / 2);
    const second = p.ask('https://b.example', 'kc', details);
    await vi.advanceTimersByTimeAsync(ANSWER_TIMEOUT_MS / 2);
    expect(await first).toBeUndefined();
    await vi.advanceTimersByTimeAsync(ANSWER_TIMEOUT_MS / 2);
    expect(await second).toBeUndefined();
    // The second site got its window when the first timed out, then its own time ran out.
    expect(p.opened).toEqual(['https://a.example kc r1', 'https://b.example kc r2']);
  });
});
