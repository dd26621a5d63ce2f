import { changedClaims } from '../core/claim-changes';
import type { TokenSet } from '../core/token-set';
import type { TimelineEntry } from '../shared/protocol';
import type { ProviderRecord } from './records';

const KEEP = 20;

/** The record's timeline with the newly issued tokens in front, the oldest beyond 20 dropped. */
export function withEntry(
  before: ProviderRecord | undefined,
  kind: TimelineEntry['kind'],
  next: TokenSet,
): readonly TimelineEntry[] {
  const previous = before?.tokens;
  const entry: TimelineEntry = {
    kind,
    obtainedAt: next.obtainedAt,
    expiresAt: next.expiresAt,
    ...(next.refreshExpiresAt !== undefined && { refreshExpiresAt: next.refreshExpiresAt }),
    rotated: next.refreshToken !== undefined && next.refreshToken !== previous?.refreshToken,
    changedClaims: changedClaims(previous?.accessToken, next.accessToken),
  };
  return [entry, ...(before?.timeline ?? [])].slice(0, KEEP);
}

/**
 * What the provider was seen to do with its refresh token at the last refresh: replace it
 * (`rotates`), keep it (`keeps`), or nothing seen yet (`unknown`, until a first refresh).
 */
export function rotation(
  timeline: readonly TimelineEntry[] | undefined,
): 'rotates' | 'keeps' | 'unknown' {
  const last = timeline?.find((entry) => entry.kind === 'refresh');
  if (last === undefined) return 'unknown';
  return last.rotated ? 'rotates' : 'keeps';
}
