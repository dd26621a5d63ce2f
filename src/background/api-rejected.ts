import { siteGrants } from '../core/consent';
import { injectInitiators } from '../core/header-rules';
import type { Deps } from './deps';
import { refreshProvider } from './refresh';

/** An answer the browser saw: a 401 from a URL, to a request made at `at` from `initiator`. */
export interface Rejected {
  readonly url: string;
  /** Epoch milliseconds the answer came (the browser gives no start time with it). */
  readonly at: number;
  /** The page's origin that made it; `undefined` for a top-level navigation. */
  readonly initiator?: string;
}

/** How long before its answer a request may have been sent: a token younger than that is not blamed. */
export const ANSWER_GRACE_MS = 5_000;

/**
 * An API answered 401 to a request the header rules put a token on (docs/architecture.md, "A 401
 * answered"): the provider whose prefix is the longest match, its active identity's token, and
 * only a request sent with that token (answered at least `ANSWER_GRACE_MS` after it was obtained,
 * by a page that gets the header). It is refreshed once; the same token refused again changes nothing, so an API that
 * refuses every token causes one refresh per token, and a failed refresh falls back as any does
 * (a silent sign-in where the profile can).
 */
export async function apiRejected(deps: Deps, rejected: Rejected): Promise<void> {
  const profiles = await deps.store.profiles();
  const match = profiles
    .flatMap((profile) =>
      (profile.inject ?? [])
        .filter((prefix) => rejected.url.startsWith(prefix))
        .map((prefix) => ({ profile, prefix })),
    )
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!match) return;
  const { profile } = match;
  if (rejected.initiator !== undefined) {
    const allowed = siteGrants(await deps.consent.grants())
      .filter((g) => g.provider === profile.id)
      .map((g) => g.origin);
    let host: string;
    try {
      host = new URL(rejected.initiator).hostname;
    } catch {
      return;
    }
    if (!injectInitiators(profile, allowed).includes(host)) return;
  }
  const record = await deps.store.record(profile);
  // The browser gives an answer's time, not its request's: a token obtained just before the
  // answer came may not be the one the request carried, so it is not refreshed for it.
  if (!record || record.failures || record.tokens.obtainedAt > rejected.at - ANSWER_GRACE_MS)
    return;
  await refreshProvider(deps, profile.id, { force: true, seen: record.tokens.obtainedAt });
}
