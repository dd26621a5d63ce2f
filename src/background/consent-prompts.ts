import { ANSWER_TIMEOUT_MS } from '../shared/page-protocol';
import type { AskUser } from './page-requests';

type OpenWindow = (query: Record<string, string>) => Promise<{ closed: Promise<void> }>;

/**
 * One consent window at a time. Requests for the same origin and provider while it is open wait
 * for the same answer; another provider from that origin is not asked until it closes; another
 * site waits its turn, and its window opens when the one before is answered (two windows would
 * open at the same place, the later exactly over the earlier).
 * Closing the window is the user's "no"; no answer in time (counted from the request, waiting
 * included) is no answer. The waiting lives only as long as the request's own event; the answer
 * itself is stored.
 */
export function createPrompts(openWindow: OpenWindow, newId: () => string) {
  const open = new Map<
    string,
    {
      provider: string;
      requestId: string;
      answer: Promise<boolean | undefined>;
      resolve: (allow: boolean | undefined) => void;
    }
  >();
  /** Settles when the last question asked so far is answered: the next window's turn. */
  let turn: Promise<unknown> = Promise.resolve();

  const ask: AskUser = async (origin, provider, details) => {
    const current = open.get(origin);
    if (current) return current.provider === provider ? current.answer : undefined;
    const requestId = newId();
    let resolve: (allow: boolean | undefined) => void = () => undefined;
    const answer = new Promise<boolean | undefined>((r) => (resolve = r));
    open.set(origin, { provider, requestId, answer, resolve });
    const before = turn;
    turn = answer;
    // No answer in time is not the user's "no".
    const timer = setTimeout(() => resolve(undefined), ANSWER_TIMEOUT_MS);
    try {
      const first = await Promise.race([
        before.then(() => 'my turn' as const),
        answer.then(() => 'settled' as const),
      ]);
      // Timed out while waiting: never asked.
      if (first === 'settled') return await answer;
      const { closed } = await openWindow({
        requestId,
        origin,
        provider,
        name: details.name,
        host: details.tokenHost,
        inject: details.inject.join(' '),
        ...(details.identity !== undefined && { identity: details.identity }),
      });
      void closed.then(() => resolve(false));
      return await answer;
    } finally {
      clearTimeout(timer);
      open.delete(origin);
      // Whatever ended this question (a window that could not open, say), the next one's turn
      // comes.
      resolve(undefined);
    }
  };

  /** The consent window's answer; `false` when no such prompt is open (it timed out, say). */
  const answer = (requestId: string, allow: boolean): boolean => {
    for (const prompt of open.values()) {
      if (prompt.requestId === requestId) {
        prompt.resolve(allow);
        return true;
      }
    }
    return false;
  };

  return { ask, answer };
}

export type Prompts = ReturnType<typeof createPrompts>;
