import {
  type Endpoint,
  type FieldRole,
  type Param,
  type Profile,
  type SignIn,
  type Variable,
} from './types';

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

/** One thing that decides where a profile's secrets or tokens go, as the options form names it. */
interface Route {
  readonly label: string;
  readonly value: string;
  /** For an endpoint or sign-in page: the origin it sends to. */
  readonly origin?: string;
  /** It decides which value becomes which token (the sign-in kind, the response's fields). */
  readonly reads?: true;
}

const VARIABLE_WORDS: Record<Variable, string> = {
  refreshToken: 'refresh token',
  clientId: 'client id',
  clientSecret: 'client secret',
  apiKey: 'API key',
  scope: 'scope',
  redirectUri: 'redirect URL',
  code: 'code',
  codeVerifier: 'code verifier',
  username: 'user name',
  password: 'password',
};

const paramWords = (params: readonly Param[]): string =>
  params.length === 0
    ? 'none'
    : params
        .map((p) => `${p.name}=${'from' in p ? `‹${VARIABLE_WORDS[p.from]}›` : p.value} (${p.in})`)
        .join(', ');

function endpointRoutes(label: string, endpoint: Endpoint | undefined): Route[] {
  if (!endpoint) return [];
  return [
    {
      label,
      value: `${endpoint.method} ${endpoint.url}`,
      origin: new URL(endpoint.url).origin,
    },
    { label: `${label} parameters`, value: paramWords(endpoint.params) },
  ];
}

const SIGN_IN_WORDS: Record<SignIn['kind'], string> = {
  authorization_code: 'authorization code in the browser',
  connect: 'a sign-in page that redirects back with the tokens',
  client_credentials: 'client credentials with a signed key',
  password: 'user name and password',
};

/** The response fields that hold tokens; the others only say when they end. */
const TOKEN_FIELDS = {
  accessToken: 'access token',
  refreshToken: 'refresh token',
  idToken: 'ID token',
} as const satisfies Partial<Record<FieldRole, string>>;

/**
 * Everything that decides where a profile's secrets and tokens go: each endpoint by its role, with
 * its parameters; the sign-in kind; how the token response is read (which field becomes the
 * access token that headers, Copy and pages get); the client settings; the header prefixes and
 * the pages that may use them.
 */
function routes(profile: Profile): Route[] {
  const { signIn, client, response } = profile;
  const list: Route[] = [{ label: 'Sign-in', value: SIGN_IN_WORDS[signIn.kind], reads: true }];
  if (signIn.kind === 'authorization_code') {
    list.push(
      {
        label: 'Sign-in page',
        value: signIn.authorizeUrl,
        origin: new URL(signIn.authorizeUrl).origin,
      },
      { label: 'Sign-in page parameters', value: paramWords(signIn.authorizeParams ?? []) },
    );
  }
  if (signIn.kind === 'connect') {
    list.push(
      { label: 'Sign-in page', value: signIn.url, origin: new URL(signIn.url).origin },
      { label: 'Sign-in page parameters', value: paramWords(signIn.params) },
      {
        label: 'Tokens in the redirect',
        value: `${signIn.tokensIn}: access token ${signIn.accessParam}, refresh token ${signIn.refreshParam ?? 'none'}`,
        reads: true,
      },
    );
  }
  if ('token' in signIn) list.push(...endpointRoutes('Token endpoint', signIn.token));
  list.push(...endpointRoutes('Refresh endpoint', profile.refresh));
  list.push(...endpointRoutes('Revocation endpoint', profile.revoke));
  list.push({ label: 'Token response format', value: response.format, reads: true });
  if (response.format !== 'jwt-body') {
    for (const [role, words] of Object.entries(TOKEN_FIELDS)) {
      const field = response[role as keyof typeof TOKEN_FIELDS];
      if (field !== undefined)
        list.push({ label: `Token response: ${words} field`, value: field, reads: true });
    }
  }
  const clientWords: [string, string | undefined][] = [
    ['Client id', client.clientId],
    ['Scope', client.scope],
    ['Issuer', client.issuer],
    ['Client authentication', client.auth],
  ];
  for (const [label, value] of clientWords) if (value !== undefined) list.push({ label, value });
  if (profile.inject) list.push({ label: 'API prefixes', value: profile.inject.join(' ') });
  if (profile.injectFrom)
    list.push({ label: 'Pages that call the APIs', value: profile.injectFrom.join(' ') });
  return list;
}

/** A change of something that decides where a profile's secrets or tokens go. */
export interface RouteChange {
  readonly label: string;
  readonly from?: string;
  readonly to?: string;
  /**
   * An endpoint or sign-in page that now sends to another origin than the stored version used
   * for that role (or, for a role it did not have, than any of its endpoints used).
   */
  readonly newOrigin: boolean;
  /** It changes which value becomes which token. */
  readonly reads: boolean;
}

/**
 * What a new version of a profile changes in where its secrets and tokens go, role by role: the
 * same URL in another role (a refresh endpoint moved onto an API prefix) is a change, and so is
 * reading the access token from another field. Names, lifetimes, error rules and timeouts are
 * not.
 */
export function routeChanges(previous: Profile, next: Profile): RouteChange[] {
  const before = new Map(routes(previous).map((r) => [r.label, r]));
  const after = routes(next);
  const endpointOrigins = new Set(
    [...before.values()].flatMap((r) => (r.origin === undefined ? [] : [r.origin])),
  );
  const changes: RouteChange[] = [];
  for (const route of after) {
    const old = before.get(route.label);
    before.delete(route.label);
    if (old?.value === route.value) continue;
    const newOrigin =
      route.origin !== undefined &&
      (old === undefined ? !endpointOrigins.has(route.origin) : old.origin !== route.origin);
    changes.push({
      label: route.label,
      ...(old && { from: old.value }),
      to: route.value,
      newOrigin,
      reads: route.reads === true,
    });
  }
  for (const gone of before.values())
    changes.push({
      label: gone.label,
      from: gone.value,
      newOrigin: false,
      reads: gone.reads === true,
    });
  return changes;
}

/**
 * Whether the user's own edit takes the secrets and tokens somewhere they were not given for: an
 * endpoint or sign-in page of some role on another origin than that role had, another sign-in
 * kind, or the token response read another way. (Adding an API prefix or a page that calls it is
 * what the header feature is for, and a path or a parameter changed on the same host keeps the
 * sign-in.)
 */
export const editMoves = (previous: Profile, next: Profile): boolean =>
  routeChanges(previous, next).some((c) => c.newOrigin || c.reads);

/** A change in words: "Refresh endpoint: POST https://a.example/token → POST https://b.example/". */
export const describeChange = (change: RouteChange): string =>
  `${change.label}: ${change.from ?? 'none'} → ${change.to ?? 'none'}`;
