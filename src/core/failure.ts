/**
 * What went wrong, as plain data that crosses contexts (worker, popup, page) unchanged.
 *
 * `kind` decides what the worker does next (docs/architecture.md, "Failures"):
 * - `reauth`: the provider definitely rejected the refresh token; stop and ask the user to sign in.
 * - `transient`: network, timeout, 5xx, 429 or a body that is not a token response; keep the
 *   tokens and retry with backoff.
 * - `misconfigured`: the profile or the client registration is wrong; keep the tokens and tell
 *   the user what to fix.
 */
export type FailureKind = 'reauth' | 'transient' | 'misconfigured';

export interface Failure {
  readonly kind: FailureKind;
  readonly code: string;
  readonly message: string;
  /** HTTP status of the response that failed, when there was one. */
  readonly status?: number;
  /** How long the server asked us to wait (`Retry-After` on a 429 or 503), in ms. */
  readonly retryAfterMs?: number;
  /**
   * No answer came (timed out, connection lost, answer cut short): the request may still have
   * reached the server and been acted on, so a refresh token it carried may be spent.
   */
  readonly unanswered?: true;
}

/**
 * The code of a refresh that was sent and got no answer (the worker stopped, a timeout, a lost
 * connection): its refresh token may have been spent at the provider.
 */
export const INTERRUPTED = 'refresh_interrupted';

export type Result<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: Failure };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

type FailureExtra = { status?: number; retryAfterMs?: number; unanswered?: true };

export const failure = (
  kind: FailureKind,
  code: string,
  message: string,
  extra: FailureExtra = {},
): Failure => ({ kind, code, message, ...extra });

export const fail = (
  ...args: Parameters<typeof failure>
): { readonly ok: false; readonly error: Failure } => ({ ok: false, error: failure(...args) });
