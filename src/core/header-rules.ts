import type { FieldError } from './profile/parse';
import { targets } from './profile/targets';
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

/** Chromium keeps at most 5,000 session rules, and each prefix takes two. */
export const MAX_INJECTED_PREFIXES = 2_500;

/** The URLs of a profile the browser or the worker sends secrets to: not its header prefixes. */
const sendsTo = (profile: Profile) => targets(profile).filter((t) => !t.path.startsWith('inject'));

const covers = (prefix: string, url: string) =>
  new URL(url).href.toLowerCase().startsWith(prefix.toLowerCase());

/**
 * Prefixes of this profile that cannot be injected beside the others:
 * - one another profile injects too: the browser would pick either token (compared ignoring
 *   case, as the browser compares hosts);
 * - one that covers a sign-in page or an endpoint of any profile, its own included: the sign-in
 *   window's requests to a provider's pages would carry the token, and a provider's token
 *   endpoint is no API of another's;
 * - and, from the other side, this profile's endpoints under another profile's prefix;
 * - more prefixes in all than the browser can hold rules for.
 */
export function injectClashes(profile: Profile, others: readonly Profile[]): FieldError[] {
  const rest = others.filter((o) => o.id !== profile.id);
  const everyone = [profile, ...rest];
  const prefixes = profile.inject ?? [];
  const problems = prefixes.flatMap((prefix, i): FieldError[] => {
    const path = `inject[${i}]`;
    const other = rest.find((o) =>
      o.inject?.some((theirs) => theirs.toLowerCase() === prefix.toLowerCase()),
    );
    if (other) return [{ path, message: `is already added by ${other.name}` }];
    for (const p of everyone) {
      const covered = sendsTo(p).find((t) => covers(prefix, t.url));
      if (covered)
        return [
          {
            path,
            message: `covers ${p.id === profile.id ? 'this profile’s' : `${p.name}’s`} ${covered.url}: its sign-in and token requests would carry this token; use a narrower prefix`,
          },
        ];
    }
    return [];
  });
  for (const target of sendsTo(profile)) {
    const owner = rest.find((o) => o.inject?.some((prefix) => covers(prefix, target.url)));
    if (owner)
      problems.push({
        path: target.path,
        message: `is under a prefix ${owner.name} adds its token to: that token would go to this provider; narrow ${owner.name}’s prefix first`,
      });
  }
  const total = everyone.reduce((n, p) => n + (p.inject?.length ?? 0), 0);
  if (total > MAX_INJECTED_PREFIXES)
    problems.push({
      path: 'inject',
      message: `makes ${total} prefixes in all; the browser holds rules for at most ${MAX_INJECTED_PREFIXES}`,
    });
  return problems;
}
