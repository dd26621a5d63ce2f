import { decodeJwt } from './jwt';

/** Claims that change on every issue and say nothing about what the token grants. */
const ALWAYS_CHANGING = new Set(['exp', 'iat', 'nbf', 'jti', 'auth_time']);

/**
 * Which claims of a newly issued JWT differ from the one it replaces (added, removed or changed),
 * for the token timeline. Names only, never values. Opaque tokens have no claims: `[]`.
 */
export function changedClaims(previous: string | undefined, next: string): string[] {
  const before = previous === undefined ? undefined : decodeJwt(previous)?.claims;
  const after = decodeJwt(next)?.claims;
  if (!before || !after) return [];
  const names = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...names]
    .filter(
      (name) =>
        !ALWAYS_CHANGING.has(name) && JSON.stringify(before[name]) !== JSON.stringify(after[name]),
    )
    .sort();
}
