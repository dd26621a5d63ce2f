import { describe, expect, it } from 'vitest';
import { parseProfile } from './parse';
import { createProfile, presetLabel } from './presets';
import { PRESET_IDS } from './types';
import type { Profile } from './types';

/** What the parser says is wrong, one `path: message` line each; none when it takes the input. */
function problems(input: unknown): string[] {
  const result = parseProfile(input);
  return result.ok ? [] : (result.error.fields ?? []).map((e) => `${e.path}: ${e.message}`);
}

/** What each preset needs the user to fill in before it can run. */
const FILLED: Record<string, (p: Profile) => Profile> = {
  koppeltaal: (p) => ({
    ...p,
    client: { ...p.client, clientId: 'c' },
    secrets: { privateKeyJwk: { kty: 'RSA', alg: 'RS512' } },
  }),
  uitid: (p) => ({ ...p, secrets: { apiKey: 'k' } }),
  fosoauth: (p) => ({ ...p, client: { clientId: 'c' }, secrets: { clientSecret: 's' } }),
  camelcase: (p) => p,
  keycloak: (p) => p,
  oidc: (p) => ({ ...p, client: { ...p.client, clientId: 'c' } }),
  custom: (p) => ({ ...p, client: { clientId: 'c' } }),
};

const roundTrip = (profile: Profile): unknown => JSON.parse(JSON.stringify(profile));

describe('parseProfile', () => {
  it.each(PRESET_IDS)('accepts the %s preset once filled in, unchanged', (id) => {
    const profile = FILLED[id]?.(createProfile(id, { id: `p-${id}` })) ?? createProfile(id, { id });
    expect(parseProfile(roundTrip(profile))).toEqual({ ok: true, value: profile });
    expect(presetLabel(id).length).toBeGreaterThan(3);
  });

  it('says what each preset still needs', () => {
    const errors = (id: Parameters<typeof createProfile>[0]) =>
      problems(roundTrip(createProfile(id, { id })));
    expect(errors('uitid')).toEqual([
      "secrets.apiKey: is required: this profile's requests send it",
    ]);
    expect(errors('koppeltaal')).toEqual([
      'secrets.privateKeyJwk: client credentials need a private key',
    ]);
    expect(errors('fosoauth')).toContain(
      "secrets.clientSecret: is required: this profile's requests send it",
    );
  });

  const valid = (): Record<string, unknown> =>
    roundTrip(FILLED['keycloak']?.(createProfile('keycloak', { id: 'k' })) as Profile) as Record<
      string,
      unknown
    >;
  const withRefresh = (refresh: unknown) => ({ ...valid(), refresh });

  it.each<[string, unknown, string]>([
    ['not an object', 'profile', 'profile: must be an object'],
    ['a missing id', { ...valid(), id: undefined }, 'id: is missing'],
    ['an empty name', { ...valid(), name: '  ' }, 'name: must not be empty'],
    ['a 5,000-character id', { ...valid(), id: 'a'.repeat(5000) }, 'id: must be 1 to 64 letters'],
    ['an id with a slash', { ...valid(), id: 'a/b' }, 'id: must be 1 to 64 letters'],
    [
      'a 100,001-character name',
      { ...valid(), name: 'n'.repeat(100_001) },
      'name: must be one line',
    ],
    ['a name on two lines', { ...valid(), name: 'a\nb' }, 'name: must be one line'],
    ['an unknown preset', { ...valid(), preset: 'acme' }, 'preset: must be one of'],
    [
      'a missing endpoint URL',
      withRefresh({ method: 'POST', params: [] }),
      'refresh.url: is missing',
    ],
    [
      'an empty endpoint URL',
      withRefresh({ method: 'POST', url: '', params: [] }),
      'refresh.url: must not be empty',
    ],
    [
      'a relative URL',
      withRefresh({ method: 'POST', url: '/token', params: [] }),
      'refresh.url: is not an absolute URL',
    ],
    [
      'plain http off loopback',
      withRefresh({ method: 'POST', url: 'http://auth.example/token', params: [] }),
      'refresh.url: must use https:',
    ],
    [
      'a URL with credentials',
      withRefresh({ method: 'POST', url: 'https://u:p@auth.example/t', params: [] }),
      'must not hold a user name',
    ],
    [
      'a URL with a fragment',
      withRefresh({ method: 'POST', url: 'https://auth.example/t#x', params: [] }),
      'must not have a #fragment',
    ],
    [
      'a non-http URL',
      withRefresh({ method: 'POST', url: 'ftp://auth.example/t', params: [] }),
      'must be an http(s) URL',
    ],
    [
      'an unknown method',
      withRefresh({ method: 'PUT', url: 'https://a.example/t', params: [] }),
      'refresh.method: must be one of GET, POST',
    ],
    [
      'params that are not a list',
      withRefresh({ method: 'POST', url: 'https://a.example/t', params: {} }),
      'refresh.params: must be a list',
    ],
    [
      'an unknown placement',
      withRefresh({
        method: 'POST',
        url: 'https://a.example/t',
        params: [{ name: 'a', in: 'header', value: 'x' }],
      }),
      'refresh.params[0].in: must be one of query, form, json',
    ],
    [
      'an unknown variable',
      withRefresh({
        method: 'POST',
        url: 'https://a.example/t',
        params: [{ name: 'a', in: 'form', from: 'token' }],
      }),
      'refresh.params[0].from: must be one of',
    ],
    [
      'both value and from',
      withRefresh({
        method: 'POST',
        url: 'https://a.example/t',
        params: [{ name: 'a', in: 'form', value: 'x', from: 'scope' }],
      }),
      'needs either a fixed "value" or a "from" variable',
    ],
    [
      'a body on GET',
      withRefresh({
        method: 'GET',
        url: 'https://a.example/t',
        params: [{ name: 'a', in: 'form', value: 'x' }],
      }),
      'a GET request can only use query parameters',
    ],
    [
      'form and json mixed',
      withRefresh({
        method: 'POST',
        url: 'https://a.example/t',
        params: [
          { name: 'a', in: 'form', value: 'x' },
          { name: 'b', in: 'json', value: 'y' },
        ],
      }),
      'cannot mix form and json',
    ],
    [
      'a variable the request cannot have',
      withRefresh({
        method: 'POST',
        url: 'https://a.example/t',
        params: [{ name: 'p', in: 'form', from: 'password' }],
      }),
      'uses password, which this request does not have',
    ],
    [
      'an unknown sign-in kind',
      { ...valid(), signIn: { kind: 'implicit' } },
      'signIn.kind: must be one of',
    ],
    [
      'a GET password login',
      {
        ...valid(),
        signIn: {
          kind: 'password',
          token: { method: 'GET', url: 'https://a.example/t', params: [] },
        },
      },
      'signIn.token.method: must be POST',
    ],
    [
      'a connect sign-in with a form',
      {
        ...valid(),
        signIn: {
          kind: 'connect',
          url: 'https://a.example/c',
          params: [{ name: 'a', in: 'form', value: 'x' }],
          tokensIn: 'query',
          accessParam: 'jwt',
        },
      },
      'signIn.params: a sign-in page takes query parameters only',
    ],
    [
      'an unknown response format',
      { ...valid(), response: { format: 'xml' } },
      'response.format: must be one of oauth2, json, jwt-body',
    ],
    [
      'a response with no access token field',
      { ...valid(), response: { format: 'json' } },
      'response.accessToken: is missing',
    ],
    [
      'an error rule with no condition',
      { ...valid(), errors: [{ kind: 'reauth' }] },
      'errors[0]: needs a status, a text, or both',
    ],
    [
      'an error rule on a success status',
      { ...valid(), errors: [{ status: 200, kind: 'reauth' }] },
      'errors[0].status: must be an HTTP error status',
    ],
    [
      'an error rule of an unknown kind',
      { ...valid(), errors: [{ status: 400, kind: 'retry' }] },
      'errors[0].kind: must be one of reauth, misconfigured',
    ],
    [
      'a negative lifetime',
      { ...valid(), expiry: { useJwtExp: true, defaultAccessSeconds: -1, leadSeconds: 60 } },
      'expiry.defaultAccessSeconds: must be a number of seconds above zero',
    ],
    [
      'a lifetime of zero',
      { ...valid(), expiry: { useJwtExp: true, defaultAccessSeconds: 0, leadSeconds: 60 } },
      'above zero',
    ],
    [
      'a non-boolean useJwtExp',
      { ...valid(), expiry: { useJwtExp: 'yes', defaultAccessSeconds: 60, leadSeconds: 60 } },
      'expiry.useJwtExp: must be true or false',
    ],
    [
      'a silent sign-in switch that is not a boolean',
      {
        ...valid(),
        signIn: {
          kind: 'authorization_code',
          authorizeUrl: 'https://id.example/authorize',
          token: { method: 'POST', url: 'https://id.example/token', params: [] },
          silentPrompt: 'no',
        },
      },
      'signIn.silentPrompt: must be true or false',
    ],
    [
      'an unknown key algorithm',
      { ...valid(), secrets: { privateKeyJwk: { kty: 'RSA', alg: 'HS256' } } },
      'secrets.privateKeyJwk.alg: must be one of',
    ],
    [
      'a non-URL issuer',
      { ...valid(), client: { clientId: 'c', issuer: 'nope' } },
      'client.issuer: is not an absolute URL',
    ],
    [
      'a numeric client id',
      { ...valid(), client: { clientId: 5 } },
      'client.clientId: must be text',
    ],
    [
      'a timeout longer than a worker may wait',
      { ...valid(), timeoutSeconds: 60 },
      'timeoutSeconds: must be 1 to 25 seconds',
    ],
    [
      'a timeout of no time',
      { ...valid(), timeoutSeconds: 0 },
      'timeoutSeconds: must be a number of seconds above zero',
    ],
  ])('refuses %s with a message for that field', (_name, input, message) => {
    expect(problems(input).join('\n')).toContain(message);
  });

  it('lists every problem at once', () => {
    const result = parseProfile({ ...valid(), id: '', name: '', expiry: {} });
    expect(!result.ok && result.error.fields?.map((e) => e.path)).toEqual(
      expect.arrayContaining([
        'id',
        'name',
        'expiry.useJwtExp',
        'expiry.defaultAccessSeconds',
        'expiry.leadSeconds',
      ]),
    );
  });

  it('keeps a request timeout within what a worker may wait', () => {
    const parsed = parseProfile({ ...valid(), timeoutSeconds: 8 });
    expect(parsed.ok && parsed.value.timeoutSeconds).toBe(8);
  });

  it('allows plain http on loopback', () => {
    const loopback = [
      'http://127.0.0.1:8080/t',
      'http://localhost/t',
      'http://golden2.localhost/t',
      'http://[::1]:9/t',
    ];
    for (const url of loopback) {
      expect(parseProfile(withRefresh({ method: 'POST', url, params: [] })).ok).toBe(true);
    }
  });
});

describe('extra sign-in page parameters', () => {
  const oidc = (authorizeParams: unknown) => {
    const base = JSON.parse(JSON.stringify(createProfile('oidc', { id: 'o' }))) as {
      signIn: object;
    };
    return { ...base, client: { clientId: 'c' }, signIn: { ...base.signIn, authorizeParams } };
  };

  it('keeps fixed query values', () => {
    const result = parseProfile(oidc([{ name: 'audience', in: 'query', value: 'https://api' }]));
    expect(result.ok && result.value.signIn).toMatchObject({
      authorizeParams: [{ name: 'audience', in: 'query', value: 'https://api' }],
    });
  });

  it.each([
    [
      'a protocol parameter',
      { name: 'state', in: 'query', value: 'x' },
      '.name: state is set by Token Keeper itself',
    ],
    [
      'a variable',
      { name: 'hint', in: 'query', from: 'clientSecret' },
      '.value: must be a fixed value',
    ],
    ['a form parameter', { name: 'hint', in: 'form', value: 'x' }, '.in: must be query'],
  ])('refuses %s', (_name, param, message) => {
    expect(problems(oidc([param])).join('\n')).toContain(`signIn.authorizeParams[0]${message}`);
  });

  it.each(['request', 'request_uri', 'response_mode'])(
    'refuses %s, which would replace the request or where its code goes',
    (name) => {
      expect(problems(oidc([{ name, in: 'query', value: 'x' }]))).toEqual([
        `signIn.authorizeParams[0].name: ${name} is set by Token Keeper itself`,
      ]);
    },
  );
});

describe('parameters in a URL’s own query', () => {
  const oidc = (authorizeUrl: string) => {
    const base = JSON.parse(JSON.stringify(createProfile('oidc', { id: 'o' }))) as {
      signIn: object;
    };
    return { ...base, client: { clientId: 'c' }, signIn: { ...base.signIn, authorizeUrl } };
  };

  it('refuses every protocol parameter in the sign-in page’s address, each said', () => {
    const url =
      'https://idp.example/authorize?redirect_uri=https://evil.example/&code_challenge=x&state=x&request_uri=y&tenant=a';
    expect(problems(oidc(url))).toEqual(
      ['redirect_uri', 'code_challenge', 'state', 'request_uri'].map(
        (name) =>
          `signIn.authorizeUrl: its query sets ${name}, which Token Keeper sets itself: remove it from the address`,
      ),
    );
    expect(problems(oidc('https://idp.example/authorize?tenant=a'))).toEqual([]);
  });

  it('refuses a connect page’s address that sets a parameter the profile sends (UiTiD’s destination)', () => {
    const uitid = { ...createProfile('uitid', { id: 'u' }), secrets: { apiKey: 'k' } };
    if (uitid.signIn.kind !== 'connect') throw new Error('connect preset');
    const evil = {
      ...uitid,
      signIn: { ...uitid.signIn, url: `${uitid.signIn.url}?destination=https://evil.example/` },
    };
    expect(problems(roundTrip(evil))).toEqual([
      'signIn.url: its query sets destination, which a parameter sets too: remove it from the address',
    ]);
  });

  it('refuses a token endpoint whose address repeats one of its query parameters', () => {
    const fos = {
      ...createProfile('fosoauth', { id: 'f' }),
      client: { clientId: 'c' },
      secrets: { clientSecret: 's' },
    };
    const evil = {
      ...fos,
      refresh: {
        method: 'GET' as const,
        url: 'https://fos.example/token?redirect_uri=x',
        params: [{ name: 'redirect_uri', in: 'query' as const, from: 'redirectUri' as const }],
      },
    };
    expect(problems(roundTrip(evil))).toEqual([
      'refresh.url: its query sets redirect_uri, which Token Keeper sets itself: remove it from the address',
    ]);
  });
});

describe('which field is the access token', () => {
  const kc = () => roundTrip(createProfile('keycloak', { id: 'k' })) as Profile;

  it.each(['refresh_token', 'refreshToken', 'data.refresh'])(
    'refuses %s: the refresh token would be handed out',
    (field) => {
      const profile = kc();
      expect(
        problems({ ...profile, response: { ...profile.response, accessToken: field } }),
      ).toEqual([
        'response.accessToken: must not be where the refresh token is: the access token is what headers, Copy and pages get',
      ]);
    },
  );

  it('refuses the refresh token’s own field, whatever its name', () => {
    const profile = kc();
    const response = { format: 'json', accessToken: 'a', refreshToken: 'a' };
    expect(problems({ ...profile, response })).toHaveLength(1);
  });

  it('refuses a connect redirect whose access parameter is the refresh one', () => {
    const uitid = { ...createProfile('uitid', { id: 'u' }), secrets: { apiKey: 'k' } };
    if (uitid.signIn.kind !== 'connect') throw new Error('connect preset');
    const swapped = { ...uitid, signIn: { ...uitid.signIn, accessParam: 'refresh' } };
    expect(problems(roundTrip(swapped))).toEqual([
      'signIn.accessParam: must not be where the refresh token is: the access token is what headers, Copy and pages get',
    ]);
  });

  it('lets an ID token be the bearer (APIs behind Google’s IAP take one)', () => {
    const profile = kc();
    expect(
      problems({ ...profile, response: { ...profile.response, accessToken: 'id_token' } }),
    ).toEqual([]);
  });
});

describe('header injection prefixes', () => {
  const base = () =>
    JSON.parse(JSON.stringify(createProfile('keycloak', { id: 'k' }))) as Record<string, unknown>;
  it('accepts https and loopback prefixes', () => {
    const result = parseProfile({
      ...base(),
      inject: ['https://api.example/v1/', 'http://127.0.0.1:7200/api/'],
    });
    expect(result.ok && result.value.inject).toEqual([
      'https://api.example/v1/',
      'http://127.0.0.1:7200/api/',
    ]);
  });

  it.each([
    ['not a list', 'https://api.example/', 'inject: must be a list of URL prefixes'],
    ['plain http off loopback', ['http://api.example/'], 'inject[0]: must use https:'],
    ['a pattern character', ['https://api.example/*'], 'inject[0]: must be a plain URL prefix'],
    // It would match https://api.example.other/ too.
    ['a host without a path', ['https://api.example'], 'inject[0]: must name its whole host'],
    ['a host in capitals', ['https://API.example/'], 'inject[0]: must name its whole host'],
    // It would match /v1evil too.
    ['no / at the end', ['https://api.example/v1'], 'inject[0]: must end with /'],
    ['a query', ['https://api.example/v1/?a=/'], 'inject[0]: must end with /'],
  ])('refuses %s', (_name, inject, message) => {
    expect(problems({ ...base(), inject }).join('\n')).toContain(message);
  });

  it('keeps a prefix in the ASCII form the browser’s rules accept', () => {
    const result = parseProfile({ ...base(), inject: ['https://api.example/bücher/'] });
    expect(result.ok && result.value.inject).toEqual(['https://api.example/b%C3%BCcher/']);
  });

  it('accepts the origins of pages on other hosts that call the prefixes', () => {
    const result = parseProfile({
      ...base(),
      inject: ['https://api.example/v1/'],
      injectFrom: ['https://app.example', 'https://staging.example:8443'],
    });
    expect(result.ok && result.value.injectFrom).toEqual([
      'https://app.example',
      'https://staging.example:8443',
    ]);
  });

  it.each([
    ['not a list', 'https://app.example', 'injectFrom: must be a list of origins'],
    ['a path', ['https://app.example/login'], 'injectFrom[0]: must be an origin'],
    ['a trailing slash', ['https://app.example/'], 'injectFrom[0]: must be an origin'],
    ['plain http off loopback', ['http://app.example'], 'injectFrom[0]: must use https:'],
    ['not a URL', ['app.example'], 'injectFrom[0]: is not an absolute URL'],
  ])('refuses injectFrom with %s', (_name, injectFrom, message) => {
    expect(
      problems({ ...base(), inject: ['https://api.example/'], injectFrom }).join('\n'),
    ).toContain(message);
  });

  it('refuses injectFrom without prefixes to inject', () => {
    const result = parseProfile({ ...base(), injectFrom: ['https://app.example'] });
    expect(!result.ok && result.error.fields).toEqual([
      { path: 'injectFrom', message: 'needs URL prefixes in inject' },
    ]);
  });
});
