import { invalidFields, ok, type FieldError, type Result } from '../failure';
import { endpointUrlProblem } from '../endpoint-url';
import { ASSERTION_ALGORITHMS } from '../client-auth';
import {
  CLIENT_AUTH_METHODS,
  FIELD_ROLES,
  HTTP_METHODS,
  PRESET_IDS,
  RULE_KINDS,
  SIGN_IN_KINDS,
  TOKENS_IN,
  MAX_NAME_CHARS,
  MAX_TIMEOUT_SECONDS,
  PROVIDER_ID,
  PLACEMENTS,
  RESPONSE_FORMATS,
  VARIABLES,
  type Endpoint,
  type ErrorRule,
  type ExpiryRules,
  type Param,
  type Profile,
  type ResponseMap,
  type SignIn,
  type Variable,
} from './types';

export type { FieldError };

/** The profile's problems, every one: a form marks each field. */
const invalid = (errors: readonly FieldError[]) =>
  invalidFields('invalid_profile', `The profile has ${errors.length} problem(s).`, errors);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const oneOf = (list: readonly string[]) => `must be one of ${list.join(', ')}`;

/** Collects every problem rather than stopping at the first, so a form can mark each field. */
class Checker {
  readonly errors: FieldError[] = [];

  problem(path: string, message: string): undefined {
    this.errors.push({ path, message });
    return undefined;
  }

  object(v: unknown, path: string): Json | undefined {
    return isObject(v)
      ? v
      : this.problem(path, v === undefined ? 'is missing' : 'must be an object');
  }

  text(
    v: unknown,
    path: string,
    opts: { optional?: boolean; empty?: boolean } = {},
  ): string | undefined {
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'string')
      return this.problem(path, v === undefined ? 'is missing' : 'must be text');
    if (v.trim() === '' && !opts.empty) return this.problem(path, 'must not be empty');
    return v;
  }

  choice<T extends string>(v: unknown, path: string, list: readonly T[]): T | undefined {
    return typeof v === 'string' && (list as readonly string[]).includes(v)
      ? (v as T)
      : this.problem(path, v === undefined ? 'is missing' : oneOf(list));
  }

  seconds(
    v: unknown,
    path: string,
    opts: { optional?: boolean; positive?: boolean } = {},
  ): number | undefined {
    if (v === undefined && opts.optional) return undefined;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || (opts.positive && v === 0)) {
      return this.problem(path, `must be a number of seconds${opts.positive ? ' above zero' : ''}`);
    }
    return v;
  }

  url(v: unknown, path: string): string | undefined {
    const text = this.text(v, path);
    if (text === undefined) return undefined;
    const problem = endpointUrlProblem(text);
    return problem ? this.problem(path, problem) : text;
  }
}

function param(c: Checker, v: unknown, path: string): Param | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const name = c.text(o['name'], `${path}.name`);
  const where = c.choice(o['in'], `${path}.in`, PLACEMENTS);
  if ((o['value'] === undefined) === (o['from'] === undefined)) {
    return c.problem(path, 'needs either a fixed "value" or a "from" variable, not both');
  }
  if (o['from'] !== undefined) {
    const from = c.choice(o['from'], `${path}.from`, VARIABLES);
    return name !== undefined && where && from ? { name, in: where, from } : undefined;
  }
  const value = c.text(o['value'], `${path}.value`, { empty: true });
  return name !== undefined && where && value !== undefined
    ? { name, in: where, value }
    : undefined;
}

function params(c: Checker, v: unknown, path: string): Param[] | undefined {
  if (!Array.isArray(v)) return c.problem(path, v === undefined ? 'is missing' : 'must be a list');
  const list = v.map((p, i) => param(c, p, `${path}[${i}]`));
  return list.every((p) => p !== undefined) ? list : undefined;
}

function endpoint(c: Checker, v: unknown, path: string): Endpoint | undefined {
  const o = c.object(v, path);
  if (!o) return undefined;
  const method = c.choice(o['method'], `${path}.method`, HTTP_METHODS);
  const url = c.url(o['url'], `${path}.url`);
  const list = params(c, o['params'], `${path}.params`);
  if (!method || url === undefined || !list) return undefined;
  twiceInQuery(
    c,
    `${path}.url`,
    url,
    list.filter((p) => p.in === 'query').map((p) => p.name),
  );
  const body = new Set(list.filter((p) => p.in !== 'query').map((p) => p.in));
  if (method === 'GET' && body.size > 0)
    return c.problem(`${path}.params`, 'a GET request can only use query parameters');
  if (body.size > 1) return c.problem(`${path}.params`, 'cannot mix form and json parameters');
  return { method, url, params: list };
}

/** Parameters Token Keeper sets itself on a sign-in page: a profile may not change them. */
const PROTOCOL_PARAMS = new Set([
  'response_type',
  'client_id',
  'redirect_uri',
  'scope',
  'state',
  'code_challenge',
  'code_challenge_method',
  'nonce',
  // Each would let a profile replace the request's own parameters (JAR, RFC 9101) or choose where
  // the code is delivered.
  'request',
  'request_uri',
  'response_mode',
]);

const queryNames = (url: string): string[] => [...new Set(new URL(url).searchParams.keys())];

/**
 * A name both in a URL's own query and among the parameters sent with it would be sent twice,
 * and servers differ in which one they take (Java's `getParameter` and Go's `Query().Get` take
 * the first): the URL's copy would win over the value Token Keeper sets.
 */
function twiceInQuery(c: Checker, path: string, url: string, names: Iterable<string>): void {
  const own = new Set(names);
  for (const name of queryNames(url).filter((n) => own.has(n)))
    c.problem(
      path,
      `its query sets ${name}, which ${PROTOCOL_PARAMS.has(name) ? 'Token Keeper sets itself' : 'a parameter sets too'}: remove it from the address`,
    );
}

/** Extra sign-in page parameters: fixed values in the query, none of the protocol's own. */
function authorizeParams(c: Checker, list: Param[] | undefined): Param[] | undefined {
  if (!list) return undefined;
  list.forEach((p, i) => {
    const path = `signIn.authorizeParams[${i}]`;
    if (p.in !== 'query') c.problem(`${path}.in`, 'must be query');
    if ('from' in p) c.problem(`${path}.value`, 'must be a fixed value');
    if (PROTOCOL_PARAMS.has(p.name))
      c.problem(`${path}.name`, `${p.name} is set by Token Keeper itself`);
  });
  return list;
}

function signIn(c: Checker, v: unknown): SignIn | undefined {
  const o = c.object(v, 'signIn');
  if (!o) return undefined;
  const kind = c.choice(o['kind'], 'signIn.kind', SIGN_IN_KINDS);
  switch (kind) {
    case 'authorization_code': {
      const authorizeUrl = c.url(o['authorizeUrl'], 'signIn.authorizeUrl');
      const token = endpoint(c, o['token'], 'signIn.token');
      const extra =
        o['authorizeParams'] === undefined
          ? undefined
          : authorizeParams(c, params(c, o['authorizeParams'], 'signIn.authorizeParams'));
      if (authorizeUrl !== undefined)
        twiceInQuery(c, 'signIn.authorizeUrl', authorizeUrl, [
          ...PROTOCOL_PARAMS,
          ...(extra ?? []).map((p) => p.name),
        ]);
      const silent = o['silent'];
      if (silent !== undefined && typeof silent !== 'boolean')
        return c.problem('signIn.silent', 'must be true or false');
      const silentPrompt = o['silentPrompt'];
      if (silentPrompt !== undefined && typeof silentPrompt !== 'boolean')
        return c.problem('signIn.silentPrompt', 'must be true or false');
      if (authorizeUrl === undefined || !token) return undefined;
      return {
        kind,
        authorizeUrl,
        ...(extra && { authorizeParams: extra }),
        token,
        ...(silent !== undefined && { silent }),
        ...(silentPrompt !== undefined && { silentPrompt }),
      };
    }
    case 'client_credentials':
    case 'password': {
      const token = endpoint(c, o['token'], 'signIn.token');
      if (token && token.method !== 'POST') return c.problem('signIn.token.method', 'must be POST');
      return token ? { kind, token } : undefined;
    }
    case 'connect': {
      const url = c.url(o['url'], 'signIn.url');
      const list = params(c, o['params'], 'signIn.params');
      const tokensIn = c.choice(o['tokensIn'], 'signIn.tokensIn', TOKENS_IN);
      const accessParam = c.text(o['accessParam'], 'signIn.accessParam');
      const refreshParam = c.text(o['refreshParam'], 'signIn.refreshParam', { optional: true });
      if (list?.some((p) => p.in !== 'query'))
        return c.problem('signIn.params', 'a sign-in page takes query parameters only');
      if (url !== undefined && list)
        twiceInQuery(
          c,
          'signIn.url',
          url,
          list.map((p) => p.name),
        );
      if (accessParam !== undefined && handsOutRefreshToken(accessParam, refreshParam))
        return c.problem('signIn.accessParam', REFRESH_AS_ACCESS);
      if (url === undefined || !list || !tokensIn || accessParam === undefined) return undefined;
      return {
        kind,
        url,
        params: list,
        tokensIn,
        accessParam,
        ...(refreshParam !== undefined && { refreshParam }),
      };
    }
    case undefined:
      return undefined;
  }
}

function response(c: Checker, v: unknown): ResponseMap | undefined {
  const o = c.object(v, 'response');
  if (!o) return undefined;
  const format = c.choice(o['format'], 'response.format', RESPONSE_FORMATS);
  if (format === undefined) return undefined;
  if (format === 'jwt-body') return { format };
  const names: Partial<Record<(typeof FIELD_ROLES)[number], string>> = {};
  for (const role of FIELD_ROLES) {
    const name = c.text(o[role], `response.${role}`, { optional: role !== 'accessToken' });
    if (name !== undefined) names[role] = name;
  }
  const { accessToken } = names;
  if (accessToken === undefined) return undefined;
  if (handsOutRefreshToken(accessToken, names.refreshToken))
    return c.problem('response.accessToken', REFRESH_AS_ACCESS);
  return { format, ...names, accessToken };
}

const REFRESH_AS_ACCESS =
  'must not be where the refresh token is: the access token is what headers, Copy and pages get';

/** An access token read from the refresh token's place would hand the refresh token out. */
const handsOutRefreshToken = (access: string, refresh: string | undefined): boolean =>
  access === refresh || /refresh/i.test(access);

function errorRules(c: Checker, v: unknown): ErrorRule[] | undefined {
  if (v === undefined) return [];
  if (!Array.isArray(v)) return c.problem('errors', 'must be a list');
  const rules = v.map((r, i): ErrorRule | undefined => {
    const path = `errors[${i}]`;
    const o = c.object(r, path);
    if (!o) return undefined;
    const kind = c.choice(o['kind'], `${path}.kind`, RULE_KINDS);
    const status = o['status'];
    if (
      status !== undefined &&
      !(Number.isInteger(status) && (status as number) >= 400 && (status as number) <= 599)
    ) {
      return c.problem(`${path}.status`, 'must be an HTTP error status (400 to 599)');
    }
    const bodyIncludes = c.text(o['bodyIncludes'], `${path}.bodyIncludes`, { optional: true });
    if (status === undefined && bodyIncludes === undefined)
      return c.problem(path, 'needs a status, a text, or both');
    if (!kind) return undefined;
    return {
      kind,
      ...(status !== undefined && { status: status as number }),
      ...(bodyIncludes !== undefined && { bodyIncludes }),
    };
  });
  return rules.every((r) => r !== undefined) ? rules : undefined;
}

function expiry(c: Checker, v: unknown): ExpiryRules | undefined {
  const o = c.object(v, 'expiry');
  if (!o) return undefined;
  const useJwtExp =
    typeof o['useJwtExp'] === 'boolean'
      ? o['useJwtExp']
      : c.problem('expiry.useJwtExp', 'must be true or false');
  const defaultAccessSeconds = c.seconds(o['defaultAccessSeconds'], 'expiry.defaultAccessSeconds', {
    positive: true,
  });
  const defaultRefreshSeconds = c.seconds(
    o['defaultRefreshSeconds'],
    'expiry.defaultRefreshSeconds',
    {
      optional: true,
      positive: true,
    },
  );
  const leadSeconds = c.seconds(o['leadSeconds'], 'expiry.leadSeconds');
  const warnSeconds = c.seconds(o['warnSeconds'], 'expiry.warnSeconds', {
    optional: true,
    positive: true,
  });
  if (useJwtExp === undefined || defaultAccessSeconds === undefined || leadSeconds === undefined)
    return undefined;
  return {
    useJwtExp,
    defaultAccessSeconds,
    leadSeconds,
    ...(defaultRefreshSeconds !== undefined && { defaultRefreshSeconds }),
    ...(warnSeconds !== undefined && { warnSeconds }),
  };
}

/**
 * URL prefixes for header injection: absolute, https or loopback http, no pattern characters, the
 * whole host named (`https://api.example` would also match `https://api.example.other/`), and
 * ending in `/` (`/v1` would also match `/v1evil`). Kept as the URL's ASCII form (`%C3%A4`,
 * punycode), which is what the browser compares and what its rules accept.
 */
function injectPrefixes(c: Checker, v: unknown): string[] | undefined {
  const list = urlList(c, v, 'inject', 'URL prefixes', (url) => {
    if (/[*^|]/.test(url)) return 'must be a plain URL prefix, without * ^ or |';
    const { origin, search, hash } = new URL(url);
    if (!url.startsWith(`${origin}/`))
      return 'must name its whole host, in lower case, then a path, like https://api.example/';
    if (!url.endsWith('/') || search !== '' || hash !== '')
      return 'must end with / (https://api.example/v1 would also match /v1evil)';
    return undefined;
  });
  return list?.map((url) => new URL(url).href);
}

/** The pages on other hosts whose requests may carry the injected header: plain origins. */
function injectFromOrigins(c: Checker, v: unknown): string[] | undefined {
  return urlList(c, v, 'injectFrom', 'origins', (url) =>
    new URL(url).origin === url ? undefined : 'must be an origin, like https://app.example:8443',
  );
}

function urlList(
  c: Checker,
  v: unknown,
  path: string,
  what: string,
  problemOf: (url: string) => string | undefined,
): string[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) return c.problem(path, `must be a list of ${what}`);
  const list = v.map((item, i) => {
    const url = c.url(item, `${path}[${i}]`);
    const problem = url === undefined ? undefined : problemOf(url);
    return problem ? c.problem(`${path}[${i}]`, problem) : url;
  });
  return list.every((item) => item !== undefined) ? list : undefined;
}

/** Which variables each request of a profile can fill, and from what. */
function checkVariables(c: Checker, profile: Profile, requireSecrets: boolean): void {
  const { client, secrets } = profile;
  const known: Partial<Record<Variable, boolean>> = {
    redirectUri: true,
    clientId: client.clientId !== undefined && client.clientId !== '',
    scope: client.scope !== undefined,
    clientSecret: !requireSecrets || secrets.clientSecret !== undefined,
    apiKey: !requireSecrets || secrets.apiKey !== undefined,
  };
  // A value the user gives is missing at its own field (the form marks Client id, not a parameter
  // under Advanced); one no request can have is the parameter's problem.
  const owners: Partial<Record<Variable, string>> = {
    clientId: 'client.clientId',
    scope: 'client.scope',
    clientSecret: 'secrets.clientSecret',
    apiKey: 'secrets.apiKey',
  };
  const missing = new Set<string>();
  const check = (list: readonly Param[], path: string, extra: readonly Variable[]) => {
    list.forEach((p, i) => {
      if (!('from' in p) || known[p.from] || extra.includes(p.from)) return;
      const owner = owners[p.from];
      if (owner === undefined)
        c.problem(`${path}[${i}].from`, `uses ${p.from}, which this request does not have`);
      else if (!missing.has(owner)) {
        missing.add(owner);
        c.problem(owner, `is required: this profile's requests send it`);
      }
    });
  };
  const { signIn } = profile;
  if (signIn.kind === 'connect') check(signIn.params, 'signIn.params', []);
  if (signIn.kind === 'authorization_code')
    check(signIn.token.params, 'signIn.token.params', ['code', 'codeVerifier']);
  if (signIn.kind === 'password')
    check(signIn.token.params, 'signIn.token.params', ['username', 'password']);
  if (signIn.kind === 'client_credentials') {
    check(signIn.token.params, 'signIn.token.params', []);
    const bodyIn = signIn.token.params.find((p) => p.in === 'json');
    if (bodyIn)
      c.problem(
        'signIn.token.params',
        'a client assertion goes in a form body: use form parameters',
      );
    if (!secrets.privateKeyJwk)
      c.problem('secrets.privateKeyJwk', 'client credentials need a private key');
  }
  if (profile.refresh) check(profile.refresh.params, 'refresh.params', ['refreshToken']);
  if (profile.revoke) check(profile.revoke.params, 'revoke.params', ['refreshToken']);
  checkClientAuth(c, profile, requireSecrets);
}

/** What `client.auth` needs: a secret or a key, and POST form endpoints to send it with. */
function checkClientAuth(c: Checker, profile: Profile, requireSecrets: boolean): void {
  const { auth } = profile.client;
  if (auth === undefined) return;
  const { secrets, signIn, refresh, revoke } = profile;
  if (requireSecrets && auth.startsWith('client_secret') && secrets.clientSecret === undefined)
    c.problem('secrets.clientSecret', `client.auth ${auth} needs the client secret`);
  if (auth === 'private_key_jwt' && !secrets.privateKeyJwk)
    c.problem('secrets.privateKeyJwk', 'client.auth private_key_jwt needs a private key');
  const endpoints = [
    ['signIn.token', 'token' in signIn ? signIn.token : undefined],
    ['refresh', refresh],
    ['revoke', revoke],
  ] as const;
  for (const [path, endpoint] of endpoints) {
    if (endpoint && (endpoint.method !== 'POST' || endpoint.params.some((p) => p.in === 'json')))
      c.problem(`${path}.method`, `must be POST with form parameters for client.auth ${auth}`);
  }
}

function secretsOf(c: Checker, v: unknown): Profile['secrets'] | undefined {
  if (v === undefined) return {};
  const o = c.object(v, 'secrets');
  if (!o) return undefined;
  const clientSecret = c.text(o['clientSecret'], 'secrets.clientSecret', { optional: true });
  const apiKey = c.text(o['apiKey'], 'secrets.apiKey', { optional: true });
  const jwk = o['privateKeyJwk'];
  if (jwk !== undefined) {
    const key = c.object(jwk, 'secrets.privateKeyJwk');
    if (key) c.choice(key['alg'], 'secrets.privateKeyJwk.alg', ASSERTION_ALGORITHMS);
  }
  return {
    ...(clientSecret !== undefined && { clientSecret }),
    ...(apiKey !== undefined && { apiKey }),
    ...(isObject(jwk) && { privateKeyJwk: jwk }),
  };
}

/**
 * Narrows untrusted input (an imported file, the options form) to a `Profile`, or lists every
 * field that is wrong with a message a user can act on. An imported profile comes without its
 * secrets (they are never exported): `requireSecrets: false` lets it in, to be completed later.
 */
export function parseProfile(
  input: unknown,
  options: { requireSecrets?: boolean } = {},
): Result<Profile> {
  const c = new Checker();
  const o = c.object(input, 'profile');
  if (!o) return invalid(c.errors);
  let id = c.text(o['id'], 'id');
  if (id !== undefined && !PROVIDER_ID.test(id))
    id = c.problem('id', 'must be 1 to 64 letters, digits, _ . or -');
  let name = c.text(o['name'], 'name');
  // eslint-disable-next-line no-control-regex -- control characters are what is refused here
  if (name !== undefined && (name.length > MAX_NAME_CHARS || /[\u0000-\u001f\u007f]/.test(name)))
    name = c.problem('name', `must be one line of at most ${MAX_NAME_CHARS} characters`);
  const preset = c.choice(o['preset'], 'preset', PRESET_IDS);
  const clientObj = c.object(o['client'] ?? {}, 'client');
  const auth =
    clientObj?.['auth'] === undefined
      ? undefined
      : c.choice(clientObj['auth'], 'client.auth', CLIENT_AUTH_METHODS);
  const client = clientObj && {
    ...(typeof clientObj['clientId'] === 'string' && { clientId: clientObj['clientId'] }),
    ...(typeof clientObj['scope'] === 'string' && { scope: clientObj['scope'] }),
    ...(typeof clientObj['issuer'] === 'string' && { issuer: clientObj['issuer'] }),
    ...(auth !== undefined && { auth }),
  };
  if (clientObj) {
    for (const key of ['clientId', 'scope', 'issuer']) {
      if (clientObj[key] !== undefined)
        c.text(clientObj[key], `client.${key}`, { empty: key === 'scope' });
    }
    if (typeof clientObj['issuer'] === 'string') c.url(clientObj['issuer'], 'client.issuer');
  }
  const secrets = secretsOf(c, o['secrets']);
  const sign = signIn(c, o['signIn']);
  const refresh = o['refresh'] === undefined ? undefined : endpoint(c, o['refresh'], 'refresh');
  const revoke = o['revoke'] === undefined ? undefined : endpoint(c, o['revoke'], 'revoke');
  const map = response(c, o['response']);
  const errors = errorRules(c, o['errors']);
  const times = expiry(c, o['expiry']);
  const inject = injectPrefixes(c, o['inject']);
  const injectFrom = injectFromOrigins(c, o['injectFrom']);
  if (injectFrom && injectFrom.length > 0 && !(inject && inject.length > 0))
    c.problem('injectFrom', 'needs URL prefixes in inject');
  const unverified = o['unverified'];
  if (unverified !== undefined && unverified !== true)
    c.problem('unverified', 'must be true, or left out once the endpoints are known');
  const forgetOnClose = o['forgetOnClose'];
  if (forgetOnClose !== undefined && typeof forgetOnClose !== 'boolean')
    c.problem('forgetOnClose', 'must be true or false');
  const timeoutSeconds = c.seconds(o['timeoutSeconds'], 'timeoutSeconds', {
    optional: true,
    positive: true,
  });
  if (timeoutSeconds !== undefined && (timeoutSeconds < 1 || timeoutSeconds > MAX_TIMEOUT_SECONDS))
    c.problem('timeoutSeconds', `must be 1 to ${MAX_TIMEOUT_SECONDS} seconds`);
  if (
    c.errors.length > 0 ||
    id === undefined ||
    name === undefined ||
    !preset ||
    !client ||
    !secrets ||
    !sign ||
    !map ||
    !errors ||
    !times
  ) {
    return invalid(c.errors);
  }
  const profile: Profile = {
    id,
    name,
    preset,
    client,
    secrets,
    signIn: sign,
    response: map,
    errors,
    expiry: times,
    ...(refresh && { refresh }),
    ...(revoke && { revoke }),
    ...(forgetOnClose === true && { forgetOnClose }),
    ...(unverified === true && { unverified }),
    ...(timeoutSeconds !== undefined && { timeoutSeconds }),
    ...(inject && inject.length > 0 && { inject }),
    ...(injectFrom && injectFrom.length > 0 && { injectFrom }),
  };
  checkVariables(c, profile, options.requireSecrets ?? true);
  return c.errors.length > 0 ? invalid(c.errors) : ok(profile);
}
