import { describe, expect, it } from 'vitest';
import {
  CAMEL_REFRESH_RESPONSE,
  FOS_REFRESH_RESPONSE,
  KEYCLOAK_REFRESH_RESPONSE,
  KOPPELTAAL_INVALID_SCOPE,
  KOPPELTAAL_INVALID_TOKEN,
  KOPPELTAAL_REFRESH_RESPONSE,
  KOPPELTAAL_TOKEN_RESPONSE,
  UITID_REDIRECT,
} from './__fixtures__/seeds';
import { json, makeJwt, text } from './__fixtures__/jwt';
import type { HttpResponse } from './http';
import { createProfile } from './profile/presets';
import type { PresetId } from './profile/types';
import { readTokenResponse, type GrantType } from './token-response';

const T = 1_700_000_000_000;
const profile = (preset: PresetId) => createProfile(preset, { id: preset });
const read = (
  preset: PresetId,
  res: HttpResponse,
  timing: { sentAt: number; serverDate?: number } = { sentAt: T },
  grant: GrantType = 'refresh_token',
) => readTokenResponse(profile(preset), grant, res, timing, []);
const uitidJwt = new URL(UITID_REDIRECT).searchParams.get('jwt') ?? '';

describe('the seeds’ sample responses give the expiry their documents imply', () => {
  const camelSent = Date.UTC(2022, 10, 1, 13, 28, 43, 782); // accessTokenExpiresAt − 15 min
  const cases: {
    seed: string;
    preset: PresetId;
    res: HttpResponse;
    sentAt: number;
    accessS: number;
    refreshAt?: number;
    refreshToken?: string;
    grant?: GrantType;
  }[] = [
    {
      seed: '000 Koppeltaal: expires_in 3600 and JWT nbf→exp 3600',
      preset: 'koppeltaal',
      res: json(200, KOPPELTAAL_REFRESH_RESPONSE),
      sentAt: T,
      accessS: 3600,
      refreshToken: 'fbbed832-0fb8-40ad-ae13-c5744103ca39',
    },
    {
      seed: '000 Koppeltaal: the first token response, from client credentials',
      preset: 'koppeltaal',
      grant: 'client_credentials',
      res: json(200, KOPPELTAAL_TOKEN_RESPONSE),
      sentAt: T,
      accessS: 3600,
      refreshToken: '89d970e4-5048-4310-b6f8-c5bc83f92e11',
    },
    {
      seed: '001 UiTiD: raw JWT body, exp − iat = 12 h',
      preset: 'uitid',
      res: text(200, uitidJwt),
      sentAt: T,
      accessS: 43_200,
    },
    {
      seed: '002 FOSOAuth: expires_in 3600 (60 min)',
      preset: 'fosoauth',
      res: json(200, FOS_REFRESH_RESPONSE),
      sentAt: T,
      accessS: 3600,
      refreshToken: FOS_REFRESH_RESPONSE.refresh_token,
    },
    {
      seed: '003 camelCase: 15 min access; refresh 1 day (ISO) beats 14 days (JWT)',
      preset: 'camelcase',
      res: json(200, CAMEL_REFRESH_RESPONSE),
      sentAt: camelSent,
      accessS: 900,
      refreshAt: Date.UTC(2022, 10, 2, 13, 13, 43, 782),
      refreshToken: CAMEL_REFRESH_RESPONSE.refresh_token,
    },
    {
      seed: '004 Keycloak: 1800 s access, refresh_expires_in 1209600 s',
      preset: 'keycloak',
      res: json(200, KEYCLOAK_REFRESH_RESPONSE),
      sentAt: T,
      accessS: 1800,
      refreshAt: T + 1_209_600_000,
      refreshToken: KEYCLOAK_REFRESH_RESPONSE.refresh_token,
    },
  ];
  it.each(cases)(
    '$seed',
    async ({ preset, res, sentAt, accessS, refreshAt, refreshToken, grant }) => {
      const result = await read(preset, res, { sentAt }, grant);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.value.expiresAt - sentAt).toBe(accessS * 1000);
      expect(result.value.refreshExpiresAt).toBe(refreshAt);
      expect(result.value.refreshToken).toBe(refreshToken);
      expect(result.value.tokenType).toBe('bearer');
      expect(result.value.obtainedAt).toBe(sentAt);
    },
  );

  it('keeps FOSOAuth’s scope and lower-cases Koppeltaal’s "Bearer"', async () => {
    const fos = await read('fosoauth', json(200, FOS_REFRESH_RESPONSE));
    expect(fos.ok && fos.value.scope).toBe('email full_profile contacts');
    const kop = await read('koppeltaal', json(200, KOPPELTAAL_REFRESH_RESPONSE));
    expect(kop.ok && kop.value.tokenType).toBe('bearer');
  });

  it('accepts a UiTiD body wrapped as a JSON string', async () => {
    const result = await read('uitid', text(200, `"${uitidJwt}"\n`));
    expect(result.ok && result.value.accessToken).toBe(uitidJwt);
  });

  it('reads a 7-digit ISO expiry on the server clock through the Date header skew', async () => {
    // The server's clock is 10 minutes ahead; its absolute times are moved back onto ours.
    const skew = 600_000;
    const serverNow = T + skew;
    const res = json(200, {
      access_token: 'opaque-access',
      refresh_token: 'opaque-refresh',
      accessTokenExpiresAt: new Date(serverNow + 900_000).toISOString().replace('Z', '1234Z'),
      refreshTokenExpiresAt: new Date(serverNow + 86_400_000).toISOString().replace('Z', '1234Z'),
    });
    const result = await read('camelcase', res, { sentAt: T, serverDate: serverNow });
    expect(result.ok && result.value.expiresAt).toBe(T + 900_000);
    expect(result.ok && result.value.refreshExpiresAt).toBe(T + 86_400_000);
  });

  it('uses a JWT lifetime from sentAt, whatever the two clocks say', async () => {
    const access = makeJwt({ iat: 1000, exp: 1000 + 120 }); // issued decades ago by its clock
    const result = await read(
      'keycloak',
      json(200, { access_token: access, token_type: 'Bearer', expires_in: 300 }),
    );
    expect(result.ok && result.value.expiresAt).toBe(T + 120_000);
  });

  it('uses a bare JWT exp as an absolute time when the JWT says nothing of its issue', async () => {
    const access = makeJwt({ exp: T / 1000 + 50 });
    const result = await read(
      'keycloak',
      json(200, { access_token: access, token_type: 'bearer' }),
    );
    expect(result.ok && result.value.expiresAt).toBe(T + 50_000);
  });

  it('falls back to the profile default, never to "never expires"', async () => {
    const result = await read(
      'fosoauth',
      json(200, { access_token: 'opaque', token_type: 'bearer' }),
    );
    expect(result.ok && result.value.expiresAt).toBe(T + 3_600_000);
    expect(result.ok && result.value.refreshExpiresAt).toBeUndefined();
  });

  it('reads epoch-second and epoch-ms absolute fields', async () => {
    const map = {
      access_token: 'a',
      refresh_token: 'r',
      accessTokenExpiresAt: T / 1000 + 60,
      refreshTokenExpiresAt: String(T + 120_000),
    };
    const result = await read('camelcase', json(200, map));
    expect(result.ok && result.value.expiresAt).toBe(T + 60_000);
    expect(result.ok && result.value.refreshExpiresAt).toBe(T + 120_000);
  });

  it('accepts every character RFC 6750 allows in a bearer token', async () => {
    const token = 'AZaz09-._~+/==';
    const result = await read('keycloak', json(200, { access_token: token, token_type: 'bearer' }));
    expect(result).toMatchObject({ ok: true, value: { accessToken: token } });
  });

  it('accepts any 2xx and unknown fields', async () => {
    const body = { ...FOS_REFRESH_RESPONSE, 'not-before-policy': 0, extra: { nested: [1, 2] } };
    const result = await read('fosoauth', json(201, body));
    expect(result.ok).toBe(true);
  });
});

const big = 'x'.repeat(1024 * 1024 + 1);
const secret = 'SECRET-REFRESH-TOKEN-VALUE-0123456789';
const badInputs: {
  name: string;
  preset: PresetId;
  res: HttpResponse;
  kind: string;
  code: string;
  grant?: GrantType;
}[] = [
  ...[
    ['CR and LF', 'abc\r\nX-Evil: 1'],
    ['a NUL', 'abc\u0000def'],
    ['a space and a quote', "abc'; touch /tmp/x; echo '"],
    ['a non-ASCII letter', 'tökén'],
    ['= in the middle', 'ab=cd'],
  ].map(([what, token]) => ({
    name: `an access token with ${what ?? ''}`,
    preset: 'keycloak' as const,
    res: json(200, { access_token: token, token_type: 'bearer', expires_in: 60 }),
    kind: 'reauth',
    code: 'invalid_access_token',
  })),
  {
    name: 'truncated JSON',
    preset: 'fosoauth',
    res: json(200, '{"access_token": "abc'),
    kind: 'transient',
    code: 'invalid_json',
  },
  {
    name: 'null',
    preset: 'fosoauth',
    res: json(200, 'null'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: '[]',
    preset: 'fosoauth',
    res: json(200, '[]'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'a JSON string',
    preset: 'camelcase',
    res: json(200, '"abc"'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'a JSON number',
    preset: 'keycloak',
    res: json(200, '42'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'empty body',
    preset: 'keycloak',
    res: json(200, ''),
    kind: 'transient',
    code: 'invalid_json',
  },
  {
    name: 'plain text 200',
    preset: 'koppeltaal',
    res: text(200, 'OK'),
    kind: 'transient',
    code: 'invalid_json',
  },
  {
    name: 'missing access_token',
    preset: 'fosoauth',
    res: json(200, { token_type: 'bearer', expires_in: 60 }),
    kind: 'transient',
    code: 'missing_access_token',
  },
  {
    name: 'empty access_token',
    preset: 'fosoauth',
    res: json(200, { access_token: '', token_type: 'bearer' }),
    kind: 'transient',
    code: 'missing_access_token',
  },
  {
    name: 'null access_token',
    preset: 'camelcase',
    res: json(200, { access_token: null }),
    kind: 'transient',
    code: 'missing_access_token',
  },
  {
    name: 'numeric access_token',
    preset: 'fosoauth',
    res: json(200, { access_token: 123, token_type: 'bearer' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'token_type "mac"',
    preset: 'fosoauth',
    res: json(200, { access_token: 'a', token_type: 'mac' }),
    kind: 'misconfigured',
    code: 'unsupported_token_type',
  },
  {
    name: 'missing token_type (RFC 6749 requires it)',
    preset: 'fosoauth',
    res: json(200, { access_token: 'a' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'negative expires_in',
    preset: 'fosoauth',
    res: json(200, { access_token: 'a', token_type: 'bearer', expires_in: -5 }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'NaN expires_in',
    preset: 'fosoauth',
    res: json(200, { access_token: 'a', token_type: 'bearer', expires_in: 'NaN' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'non-numeric expires_in',
    preset: 'keycloak',
    res: json(200, { access_token: 'a', token_type: 'bearer', expires_in: 'soon' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'infinite expires_in',
    preset: 'keycloak',
    res: json(200, { access_token: 'a', token_type: 'bearer', expires_in: '1e999' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'object expires_in',
    preset: 'keycloak',
    res: json(200, { access_token: 'a', token_type: 'bearer', expires_in: {} }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'negative refresh_expires_in',
    preset: 'keycloak',
    res: json(200, {
      access_token: 'a',
      token_type: 'bearer',
      refresh_token: 'r',
      refresh_expires_in: -1,
    }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'numeric refresh_token',
    preset: 'keycloak',
    res: json(200, { access_token: 'a', token_type: 'bearer', refresh_token: 42 }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'empty refresh_token',
    preset: 'keycloak',
    res: json(200, { access_token: 'a', token_type: 'bearer', refresh_token: '' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'ISO time that is words',
    preset: 'camelcase',
    res: json(200, { access_token: 'a', accessTokenExpiresAt: 'tomorrow' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'ISO time with month 13',
    preset: 'camelcase',
    res: json(200, { access_token: 'a', accessTokenExpiresAt: '2022-13-01T00:00:00Z' }),
    kind: 'transient',
    code: 'invalid_token_response',
  },
  {
    name: 'HTML login page with 200',
    preset: 'keycloak',
    res: text(200, '<!doctype html><form action="/login">', 'text/html'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'HTML with 200 for a raw-JWT dialect',
    preset: 'uitid',
    res: text(200, '\n <html><body>Log in</body></html>', 'text/html'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'raw-JWT dialect given words',
    preset: 'uitid',
    res: text(200, 'not a jwt'),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'raw-JWT dialect given JSON',
    preset: 'uitid',
    res: json(200, { error: 'nope' }),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'raw-JWT dialect given nothing',
    preset: 'uitid',
    res: text(200, ''),
    kind: 'transient',
    code: 'not_token_response',
  },
  {
    name: 'body over 1 MiB',
    preset: 'fosoauth',
    res: json(200, big),
    kind: 'transient',
    code: 'response_too_large',
  },
  {
    name: 'non-JSON 500',
    preset: 'fosoauth',
    res: text(500, 'Internal Server Error'),
    kind: 'transient',
    code: 'server_error',
  },
  {
    name: 'HTML 503',
    preset: 'keycloak',
    res: text(503, '<html>down</html>', 'text/html'),
    kind: 'transient',
    code: 'server_error',
  },
  {
    name: '429',
    preset: 'keycloak',
    res: text(429, 'slow down'),
    kind: 'transient',
    code: 'rate_limited',
  },
  { name: '408', preset: 'keycloak', res: text(408, ''), kind: 'transient', code: 'timeout' },
  {
    name: 'a redirect',
    preset: 'keycloak',
    res: text(302, ''),
    kind: 'transient',
    code: 'unexpected_status',
  },
  {
    name: 'Koppeltaal "invalid token"',
    preset: 'koppeltaal',
    res: text(400, KOPPELTAAL_INVALID_TOKEN),
    kind: 'reauth',
    code: 'refresh_rejected',
  },
  {
    name: 'Koppeltaal "invalid scope"',
    preset: 'koppeltaal',
    res: text(400, KOPPELTAAL_INVALID_SCOPE),
    kind: 'misconfigured',
    code: 'request_rejected',
  },
  {
    name: 'UiTiD 401 on /refresh',
    preset: 'uitid',
    res: text(401, 'Denied Request'),
    kind: 'reauth',
    code: 'refresh_rejected',
  },
  {
    name: 'invalid_grant',
    preset: 'keycloak',
    res: json(400, { error: 'invalid_grant', error_description: 'Token is not active' }),
    kind: 'reauth',
    code: 'invalid_grant',
  },
  {
    name: 'invalid_client',
    preset: 'fosoauth',
    res: json(401, { error: 'invalid_client' }),
    kind: 'misconfigured',
    code: 'invalid_client',
  },
  {
    name: 'an unknown 4xx',
    preset: 'fosoauth',
    res: text(403, 'Forbidden'),
    kind: 'misconfigured',
    code: 'http_error',
  },
  {
    name: 'an OAuth error code that is not a rejection',
    preset: 'keycloak',
    res: json(400, { error: 'temporarily_unavailable' }),
    kind: 'transient',
    code: 'oauth_error',
  },
  {
    name: 'an ID token from another issuer',
    preset: 'oidc',
    grant: 'authorization_code',
    res: json(200, {
      access_token: 'a',
      token_type: 'bearer',
      id_token: makeJwt({
        iss: 'https://evil.example',
        aud: 'token-keeper',
        sub: 'u',
        iat: Math.floor(Date.now() / 1000),
        exp: Math.floor(Date.now() / 1000) + 60,
      }),
    }),
    kind: 'misconfigured',
    code: 'invalid_id_token',
  },
  {
    name: 'an error that echoes the token',
    preset: 'fosoauth',
    res: text(400, `Bad Request: unknown token ${secret}`),
    kind: 'misconfigured',
    code: 'http_error',
  },
];

describe('bad inputs give a clear error code and no exception', () => {
  it('covers at least 30 cases', () => {
    expect(badInputs.length).toBeGreaterThanOrEqual(30);
  });

  it.each(badInputs)('$name → $kind / $code', async ({ preset, res, kind, code, grant }) => {
    const result = await read(preset, res, { sentAt: T }, grant);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error).toMatchObject({ kind, code });
    expect(result.error.message.length).toBeGreaterThan(10);
    expect(result.error.message.length).toBeLessThan(300);
    expect(result.error.message).not.toContain(secret);
  });

  it('passes on the provider’s error, its description and its help page', async () => {
    const res = json(400, {
      error: 'invalid_scope',
      error_description: 'offline_access is not allowed',
      error_uri: 'https://idp.example/errors#scope',
    });
    const result = await read('keycloak', res);
    expect(!result.ok && result.error.message).toBe(
      'The provider refused the request (400): invalid_scope: offline_access is not allowed (see https://idp.example/errors#scope).',
    );
  });

  it('keeps the HTTP status and the server’s Retry-After', async () => {
    const res = { status: 429, headers: { 'retry-after': '120' }, body: '' };
    const result = await read('keycloak', res);
    expect(!result.ok && result.error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
  });

  it('reads Retry-After on a 503 too, and as an HTTP-date against the response’s Date', async () => {
    const res = {
      status: 503,
      headers: {
        date: 'Wed, 02 Dec 2026 10:00:00 GMT',
        'retry-after': 'Wed, 02 Dec 2026 10:05:00 GMT',
      },
      body: 'down for maintenance',
    };
    const result = await read('keycloak', res);
    expect(!result.ok && result.error).toMatchObject({
      kind: 'transient',
      status: 503,
      retryAfterMs: 300_000,
    });
    // Without the server's Date there is nothing to measure the date against.
    const { date: _, ...noDate } = res.headers;
    const alone = await read('keycloak', { ...res, headers: noDate });
    expect(!alone.ok && alone.error.retryAfterMs).toBeUndefined();
  });

  it('never throws, whatever the body, for every preset', async () => {
    const bodies = [
      '',
      ' ',
      '{',
      '}',
      '{}',
      '[]',
      'null',
      'true',
      '0',
      '"',
      '<',
      '\u0000',
      '{"access_token":{}}',
      'a.b.c',
      '..',
      'e30.e30.',
      '%%%',
    ];
    const presets: PresetId[] = [
      'koppeltaal',
      'uitid',
      'fosoauth',
      'camelcase',
      'keycloak',
      'oidc',
      'custom',
    ];
    for (const preset of presets) {
      for (const body of bodies) {
        for (const status of [200, 400, 500]) {
          const result = await read(preset, {
            status,
            headers: { 'content-type': 'application/json' },
            body,
          });
          expect(typeof result.ok).toBe('boolean');
        }
      }
    }
  });
});

describe('an OpenID Connect sign-in’s ID token', () => {
  const iss = 'https://idp.example';
  const oidc = {
    ...createProfile('oidc', { id: 'o', base: iss }),
    client: { issuer: iss, clientId: 'c', scope: 'openid' },
  };
  const now = Math.floor(Date.now() / 1000);
  const answer = (claims: Record<string, unknown>) =>
    json(200, {
      access_token: 'a',
      token_type: 'bearer',
      expires_in: 60,
      id_token: makeJwt({ iss, aud: 'c', sub: 'u', iat: now, exp: now + 60, ...claims }),
    });
  const signIn = (claims: Record<string, unknown>, nonce?: string) =>
    readTokenResponse(oidc, 'authorization_code', answer(claims), { sentAt: T }, [], nonce);

  it('must carry back the nonce the sign-in sent', async () => {
    expect(await signIn({ nonce: 'n-1' }, 'n-1')).toMatchObject({ ok: true });
    expect(await signIn({ nonce: 'n-2' }, 'n-1')).toMatchObject({ ok: false });
    expect(await signIn({}, 'n-1')).toMatchObject({ ok: false });
  });

  it('may carry none when none was sent', async () => {
    expect(await signIn({})).toMatchObject({ ok: true });
    expect(await signIn({ nonce: 'replayed' })).toMatchObject({ ok: false });
  });
});
