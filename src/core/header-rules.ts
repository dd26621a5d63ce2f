import type { FieldError } from './profile/parse';
import type { Profile } from './profile/types';

/** One provider whose current access token goes into requests under some URL prefixes. */
export interface Injection {
  readonly prefixes: readonly string[];
  readonly accessToken: string;
  /**
   * The hosts of the pages whose own requests get the header: the prefixes' hosts, `injectFrom`,
   * and the sites the user allowed for this provider. The browser compares hosts, not origins:
   * every port and scheme of these hosts counts.
   */
  readonly initiators: readonly string[];
}

/** A `declarativeNetRequest` rule, as plain data. */
export interface HeaderRule {
  readonly id: number;
  readonly priority: number;
  readonly action: {
    readonly type: 'modifyHeaders';
    readonly requestHeaders: readonly { header: string; operation: 'set'; value: string }[];
  };
  readonly condition: {
    readonly urlFilter: string;
    readonly isUrlFilterCaseSensitive: true;
    readonly resourceTypes: readonly string[];
    readonly requestMethods?: readonly string[];
    readonly initiatorDomains?: readonly string[];
  };
}

/**
 * Requests a page makes. No `sub_frame`: the browser asks no host access of the page that starts
 * a navigation, so any page could frame an API URL and have it loaded with the token.
 */
const SUB_RESOURCES = ['xmlhttprequest', 'script', 'image', 'media', 'websocket', 'other'];

/**
 * The rules that add `Authorization: Bearer …` for each prefix (urlFilter `|prefix`: anchored at
 * the start of the URL, case counts). Two rules a prefix:
 *
 * - requests made by pages on the provider's own hosts (`initiators`) only, so a page on some
 *   other host the extension can reach cannot call the API with the user's token;
 * - top-level navigations by GET only (an API URL opened in a tab, which the user sees): a form on
 *   any page can navigate with a POST, and a bearer header on that would be CSRF.
 *
 * The longer prefix wins where two providers' prefixes nest (priority is the prefix's length).
 * One group of rules per injection; ids are numbered in order, so the same injections give the
 * same rules.
 */
export function headerRules(injections: readonly Injection[]): HeaderRule[][] {
  let id = 0;
  return injections.map(({ prefixes, accessToken, initiators }) =>
    prefixes.flatMap((prefix): HeaderRule[] => {
      const base = {
        priority: prefix.length,
        action: {
          type: 'modifyHeaders' as const,
          requestHeaders: [
            { header: 'authorization', operation: 'set' as const, value: `Bearer ${accessToken}` },
          ],
        },
      };
      const urlFilter = `|${prefix}`;
      return [
        {
          ...base,
          id: (id += 1),
          condition: {
            urlFilter,
            isUrlFilterCaseSensitive: true,
            resourceTypes: SUB_RESOURCES,
            initiatorDomains: [...new Set(initiators)],
          },
        },
        {
          ...base,
          id: (id += 1),
          condition: {
            urlFilter,
            isUrlFilterCaseSensitive: true,
            resourceTypes: ['main_frame'],
            requestMethods: ['get'],
          },
        },
      ];
    }),
  );
}

/** The hosts whose pages may send a profile's injected header: its prefixes' and `injectFrom`'s. */
export function injectInitiators(
  profile: Pick<Profile, 'inject' | 'injectFrom'>,
  allowedOrigins: readonly string[],
): string[] {
  const urls = [...(profile.inject ?? []), ...(profile.injectFrom ?? []), ...allowedOrigins];
  return [...new Set(urls.map((url) => new URL(url).hostname))];
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
