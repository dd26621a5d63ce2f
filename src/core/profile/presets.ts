import type { Param, Placement, PresetId, Profile, ResponseMap, Variable } from './types';
import { standardRevoke } from '../discovery';

const fixed = (name: string, value: string, at: Placement = 'form'): Param => ({
  name,
  in: at,
  value,
});
const take = (name: string, variable: Variable, at: Placement = 'form'): Param => ({
  name,
  in: at,
  from: variable,
});

/** RFC 6749 §5.1 field names, checked by oauth4webapi. */
const OAUTH2: ResponseMap = {
  format: 'oauth2',
  accessToken: 'access_token',
  refreshToken: 'refresh_token',
  idToken: 'id_token',
  tokenType: 'token_type',
  scope: 'scope',
  expiresIn: 'expires_in',
};

const STANDARD_REFRESH = [
  fixed('grant_type', 'refresh_token'),
  take('refresh_token', 'refreshToken'),
];

const EXPIRY = { useJwtExp: true, leadSeconds: 60 } as const;

type Preset = Omit<Profile, 'id' | 'name' | 'preset'>;

/**
 * Each preset is a custom profile filled in from its seed document. `base` is the server's root
 * URL; the default is the host the seed names.
 */
const PRESETS: Record<PresetId, { label: string; base: string; make: (base: string) => Preset }> = {
  koppeltaal: {
    label: 'Koppeltaal (SMART backend services)',
    base: 'https://authentication-service.koppeltaal.headease.nl',
    // Seed 000: refresh is a POST form whose scope must equal the first request's scope; errors
    // are plain-text 400 bodies.
    make: (base) => ({
      client: { scope: '', issuer: `${base}/` },
      secrets: {},
      signIn: {
        kind: 'client_credentials',
        token: {
          method: 'POST',
          url: `${base}/oauth2/token`,
          params: [fixed('grant_type', 'client_credentials'), take('scope', 'scope')],
        },
      },
      refresh: {
        method: 'POST',
        url: `${base}/oauth2/token`,
        params: [...STANDARD_REFRESH, take('scope', 'scope')],
      },
      response: OAUTH2,
      errors: [
        { status: 400, bodyIncludes: 'invalid token', kind: 'reauth' },
        { status: 400, bodyIncludes: 'invalid scope', kind: 'misconfigured' },
      ],
      expiry: { ...EXPIRY, defaultAccessSeconds: 3600 },
    }),
  },
  uitid: {
    label: 'publiq UiTiD (connect and /refresh)',
    base: 'https://jwt-test.uitdatabank.be',
    // Seed 001: tokens arrive as ?jwt=..&refresh=..; /refresh answers with the bare JWT; expiry
    // only from the JWT's exp.
    make: (base) => ({
      client: {},
      secrets: {},
      signIn: {
        kind: 'connect',
        url: `${base}/connect`,
        params: [take('apiKey', 'apiKey', 'query'), take('destination', 'redirectUri', 'query')],
        tokensIn: 'query',
        accessParam: 'jwt',
        refreshParam: 'refresh',
      },
      refresh: {
        method: 'GET',
        url: `${base}/refresh`,
        params: [take('apiKey', 'apiKey', 'query'), take('refresh', 'refreshToken', 'query')],
      },
      response: { format: 'jwt-body' },
      errors: [{ status: 401, kind: 'reauth' }],
      expiry: { ...EXPIRY, defaultAccessSeconds: 36_000, leadSeconds: 300 },
    }),
  },
  fosoauth: {
    label: 'FOSOAuthServerBundle (GET refresh)',
    base: 'http://golden2.localhost/app_dev.php',
    // Seed 002: the refresh is a GET with every parameter, client secret included, in the query.
    make: (base) => ({
      client: {},
      secrets: {},
      signIn: {
        kind: 'authorization_code',
        authorizeUrl: `${base}/oauth/v2/auth`,
        token: {
          method: 'POST',
          url: `${base}/oauth/v2/token`,
          params: [
            fixed('grant_type', 'authorization_code'),
            take('code', 'code'),
            take('redirect_uri', 'redirectUri'),
            take('client_id', 'clientId'),
            take('client_secret', 'clientSecret'),
            take('code_verifier', 'codeVerifier'),
          ],
        },
      },
      refresh: {
        method: 'GET',
        url: `${base}/oauth/v2/token`,
        params: [
          fixed('grant_type', 'refresh_token', 'query'),
          take('refresh_token', 'refreshToken', 'query'),
          take('redirect_uri', 'redirectUri', 'query'),
          take('client_id', 'clientId', 'query'),
          take('client_secret', 'clientSecret', 'query'),
        ],
      },
      response: OAUTH2,
      errors: [],
      expiry: { ...EXPIRY, defaultAccessSeconds: 3600 },
    }),
  },
  camelcase: {
    label: 'camelCase token API (ISO expiry times)',
    base: 'https://127.0.0.1',
    // Seed 003: camelCase form fields, ISO-8601 expiry fields with seven fractional digits. The
    // seed shows only the refresh; the login's grant value is our reading of its "log in".
    make: (base) => ({
      client: {},
      secrets: {},
      signIn: {
        kind: 'password',
        token: {
          method: 'POST',
          url: `${base}/api/oauth2/token`,
          params: [
            fixed('grantType', 'Password'),
            take('username', 'username'),
            take('password', 'password'),
          ],
        },
      },
      refresh: {
        method: 'POST',
        url: `${base}/api/oauth2/token`,
        params: [fixed('grantType', 'RefreshToken'), take('refreshToken', 'refreshToken')],
      },
      response: {
        format: 'json',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        expiresAt: 'accessTokenExpiresAt',
        refreshExpiresAt: 'refreshTokenExpiresAt',
      },
      errors: [],
      expiry: { ...EXPIRY, defaultAccessSeconds: 900 },
    }),
  },
  keycloak: {
    label: 'Keycloak (apiax realm)',
    base: 'https://auth.apiax.io/auth/realms/apiax',
    // Seed 004: a public client `integration-api`; refresh_expires_in beside expires_in.
    make: (base) => ({
      client: { clientId: 'integration-api', issuer: base },
      secrets: {},
      signIn: {
        kind: 'password',
        token: {
          method: 'POST',
          url: `${base}/protocol/openid-connect/token`,
          params: [
            fixed('grant_type', 'password'),
            take('client_id', 'clientId'),
            take('username', 'username'),
            take('password', 'password'),
          ],
        },
      },
      refresh: {
        method: 'POST',
        url: `${base}/protocol/openid-connect/token`,
        params: [...STANDARD_REFRESH, take('client_id', 'clientId')],
      },
      revoke: standardRevoke(`${base}/protocol/openid-connect/revoke`),
      response: { ...OAUTH2, refreshExpiresIn: 'refresh_expires_in' },
      errors: [],
      expiry: { ...EXPIRY, defaultAccessSeconds: 1800, defaultRefreshSeconds: 1_209_600 },
    }),
  },
  oidc: {
    label: 'OpenID Connect (discovery)',
    base: 'https://issuer.example',
    // Endpoints come from discovery (`applyDiscovery`); these are the usual paths until then,
    // marked as a guess.
    make: (base) => ({
      unverified: true,
      client: { issuer: base, scope: 'openid' },
      secrets: {},
      signIn: {
        kind: 'authorization_code',
        authorizeUrl: `${base}/authorize`,
        token: {
          method: 'POST',
          url: `${base}/token`,
          params: [
            fixed('grant_type', 'authorization_code'),
            take('code', 'code'),
            take('redirect_uri', 'redirectUri'),
            take('code_verifier', 'codeVerifier'),
            take('client_id', 'clientId'),
          ],
        },
      },
      refresh: {
        method: 'POST',
        url: `${base}/token`,
        params: [...STANDARD_REFRESH, take('client_id', 'clientId')],
      },
      response: OAUTH2,
      errors: [],
      expiry: { ...EXPIRY, defaultAccessSeconds: 300 },
    }),
  },
  custom: {
    label: 'Custom',
    base: 'https://api.example',
    make: (base) => ({ ...PRESETS.oidc.make(base), client: {} }),
  },
};

export const presetLabel = (id: PresetId): string => PRESETS[id].label;

/** A new profile from a preset, for the server at `base` (default: the seed's host). */
export function createProfile(
  preset: PresetId,
  fields: { readonly id: string; readonly name?: string; readonly base?: string },
): Profile {
  const { label, base, make } = PRESETS[preset];
  return { id: fields.id, name: fields.name ?? label, preset, ...make(fields.base ?? base) };
}
