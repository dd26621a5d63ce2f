import type { FieldError } from './parse-profile';
import type { Profile } from './profile';

/** One provider whose current access token goes into requests under some URL prefixes. */
export interface Injection {
  readonly prefixes: readonly string[];
  readonly accessToken: string;
}

/** A `declarativeNetRequest` rule, as plain data. */
export interface HeaderRule {
  readonly id: number;
  readonly priority: number;
  readonly action: {
    readonly type: 'modifyHeaders';
    readonly requestHeaders: readonly { header: string; operation: 'set'; value: string }[];
  };
  readonly condition: { readonly urlFilter: string; readonly resourceTypes: readonly string[] };
}

/**
 * No `sub_frame`: the browser asks no host access of the page that starts a navigation, so any
 * page could frame an API URL and have it loaded with the token. A top-level navigation (an API
 * URL opened in a tab) is something the user sees.
 */
const RESOURCE_TYPES = [
  'xmlhttprequest',
  'main_frame',
  'script',
  'image',
  'media',
  'websocket',
  'other',
];

/**
 * The rules that add `Authorization: Bearer …` for each prefix (urlFilter `|prefix`: anchored at
 * the start of the URL). The longer prefix wins where two providers' prefixes nest (priority is
 * the prefix's length). Ids are numbered in order, so the same injections give the same rules.
 */
export function headerRules(injections: readonly Injection[]): HeaderRule[] {
  return injections
    .flatMap((injection) =>
      injection.prefixes.map((prefix) => ({ prefix, token: injection.accessToken })),
    )
    .map(({ prefix, token }, i) => ({
      id: i + 1,
      priority: prefix.length,
      action: {
        type: 'modifyHeaders',
        requestHeaders: [{ header: 'authorization', operation: 'set', value: `Bearer ${token}` }],
      },
      condition: { urlFilter: `|${prefix}`, resourceTypes: RESOURCE_TYPES },
    }));
}

/**
 * Prefixes this profile injects that another one does too: the browser would pick either token,
 * so the same prefix (as the browser compares it, ignoring case) may not be in two profiles.
 */
export function injectClashes(profile: Profile, others: readonly Profile[]): FieldError[] {
  return (profile.inject ?? []).flatMap((prefix, i) => {
    const other = others.find(
      (o) =>
        o.id !== profile.id &&
        o.inject?.some((theirs) => theirs.toLowerCase() === prefix.toLowerCase()),
    );
    return other ? [{ path: `inject[${i}]`, message: `is already added by ${other.name}` }] : [];
  });
}
