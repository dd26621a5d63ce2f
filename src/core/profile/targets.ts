import type { Profile } from './types';

/** One place a profile sends tokens, secrets or passwords to, or lets pages get its header from. */
export interface Target {
  /** Its place in the profile, as the options page names fields. */
  readonly path: string;
  readonly url: string;
}

/**
 * Every URL a profile sends something secret to: the sign-in page (UiTiD's API key rides in its
 * query), the token, refresh and revocation endpoints, the prefixes that get the access token in
 * a header, and the pages whose requests get it there.
 */
export function targets(profile: Profile): Target[] {
  const { signIn, refresh, revoke, inject = [], injectFrom = [] } = profile;
  const list: Target[] = [];
  if (signIn.kind === 'authorization_code')
    list.push({ path: 'signIn.authorizeUrl', url: signIn.authorizeUrl });
  if (signIn.kind === 'connect') list.push({ path: 'signIn.url', url: signIn.url });
  if ('token' in signIn) list.push({ path: 'signIn.token.url', url: signIn.token.url });
  if (refresh) list.push({ path: 'refresh.url', url: refresh.url });
  if (revoke) list.push({ path: 'revoke.url', url: revoke.url });
  inject.forEach((url, i) => list.push({ path: `inject[${i}]`, url }));
  injectFrom.forEach((url, i) => list.push({ path: `injectFrom[${i}]`, url }));
  return list;
}

/** The hosts the manifest grants at install (its `host_permissions`): plain http on loopback. */
export const INSTALL_HOSTS = ['http://127.0.0.1/*', 'http://localhost/*'];

/** Whether the install already gave access to this origin's host (every port). */
export const grantedAtInstall = (origin: string): boolean => {
  const { protocol, hostname } = new URL(origin);
  return INSTALL_HOSTS.includes(`${protocol}//${hostname}/*`);
};

/**
 * The origins whose host permission a profile needs: where the worker sends requests, adds
 * headers, or adds them for (pages calling its APIs); not its sign-in page, which opens in the
 * browser's own window. Those granted at install are left out; other loopback names
 * (`app.localhost`, `[::1]`, https on localhost) are asked for like any host.
 */
export function hostOrigins(profile: Profile): string[] {
  const sent = targets(profile).filter(
    (t) => !t.path.startsWith('signIn.') || t.path === 'signIn.token.url',
  );
  return [...new Set(sent.map((t) => new URL(t.url).origin))].filter((o) => !grantedAtInstall(o));
}

/** The origins of a profile's targets, each once. */
export const targetOrigins = (profile: Profile): string[] => [
  ...new Set(targets(profile).map((t) => new URL(t.url).origin)),
];

/** A target of the new version of a profile that the stored version did not have. */
export interface TargetChange {
  readonly path: string;
  /** The URL the stored version had at this place, if any. */
  readonly from?: string;
  readonly to: string;
  /** Whether `to` is on an origin the stored version never sent anything to. */
  readonly newOrigin: boolean;
}

/**
 * What a new version of a profile sends somewhere the stored one did not. The stored tokens and
 * secrets were given for the stored targets: they do not follow a profile to new ones.
 */
export function targetChanges(previous: Profile, next: Profile): TargetChange[] {
  const before = targets(previous);
  const known = new Set(before.map((t) => t.url));
  const origins = new Set(targetOrigins(previous));
  return targets(next)
    .filter((t) => !known.has(t.url))
    .map((t) => {
      const from = before.find((b) => b.path === t.path)?.url;
      return {
        path: t.path,
        ...(from !== undefined && { from }),
        to: t.url,
        newOrigin: !origins.has(new URL(t.url).origin),
      };
    });
}

/** A change in words: "refresh.url: https://a.example/token → https://b.example/token". */
export const describeChange = (change: TargetChange): string =>
  `${change.path}: ${change.from === undefined ? 'new ' : `${change.from} → `}${change.to}`;
