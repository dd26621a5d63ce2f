import type { Result, Failure } from '../core/failure';
import { reload, say } from './store';

/**
 * Says how an action ended: done (or what `done` says of it), the worker's reason, or that no
 * answer came (the worker was stopped, or the extension reloaded, while it worked). Answers why
 * it failed, if it did.
 */
export async function run<T>(
  label: string,
  action: () => Promise<Result<T>>,
  done: (value: T) => string = () => 'done',
): Promise<Pick<Failure, 'message' | 'signInHelp'> | undefined> {
  try {
    const reply = await action();
    say(reply.ok ? `${label}: ${done(reply.value)}` : `${label}: ${reply.error.message}`);
    return reply.ok ? undefined : reply.error;
  } catch (error) {
    const message = `no answer from Token Keeper's worker (${String(error)}); try again`;
    say(`${label}: ${message}`);
    // Asking again starts a new worker, whose start-up settles what the old one left half done.
    await reload();
    return { message };
  }
}
