import { describe, expect, it } from 'vitest';
import { parseProfile } from '../core/profile/parse';
import { exportProfiles, importProfiles } from '../core/profile/transfer';
import type { Profile } from '../core/profile/types';
import { fieldsOf, profileOf } from './form';

/**
 * A profile with every key of `Profile` set, optional ones included: a key added to the type
 * without a value here does not compile, and the round trip below then checks it everywhere.
 */
const EVERY_KEY: Required<Profile> = {
  id: 'every-key',
  name: 'Every key',
  preset: 'custom',
  client: {
    clientId: 'token-keeper',
    scope: '',
    issuer: 'https://idp.example',
    auth: 'client_secret_post',
  },
  secrets: {},
  signIn: {
    kind: 'authorization_code',
    authorizeUrl: 'https://idp.example/authorize',
    authorizeParams: [{ name: 'audience', in: 'query', value: 'https://api.example' }],
    token: {
      method: 'POST',
      url: 'https://idp.example/token',
      params: [
        { name: 'grant_type', in: 'form', value: 'authorization_code' },
        { name: 'code', in: 'form', from: 'code' },
        { name: 'code_verifier', in: 'form', from: 'codeVerifier' },
        { name: 'redirect_uri', in: 'form', from: 'redirectUri' },
      ],
    },
  },
  refresh: {
    method: 'POST',
    url: 'https://idp.example/token',
    params: [
      { name: 'grant_type', in: 'form', value: 'refresh_token' },
      { name: 'refresh_token', in: 'form', from: 'refreshToken' },
    ],
  },
  revoke: {
    method: 'POST',
    url: 'https://idp.example/revoke',
    params: [{ name: 'token', in: 'form', from: 'refreshToken' }],
  },
  response: {
    format: 'json',
    accessToken: 'access_token',
    refreshToken: 'refresh_token',
    idToken: 'id_token',
    tokenType: 'token_type',
    scope: 'scope',
    expiresIn: 'expires_in',
    expiresAt: 'expires_at',
    refreshExpiresIn: 'refresh_expires_in',
    refreshExpiresAt: 'refresh_expires_at',
  },
  errors: [{ status: 400, bodyIncludes: 'invalid token', kind: 'reauth' }],
  expiry: {
    useJwtExp: true,
    defaultAccessSeconds: 300,
    defaultRefreshSeconds: 3600,
    leadSeconds: 30,
    warnSeconds: 600,
  },
  forgetOnClose: true,
  timeoutSeconds: 5,
  inject: ['https://api.example/v1/'],
  injectFrom: ['https://app.example'],
  unverified: true,
};

const parsed = (input: unknown): Profile => {
  const result = parseProfile(input, { requireSecrets: false });
  if (!result.ok) throw new Error(JSON.stringify(result.error.fields));
  return result.value;
};

/** What an unchanged Edit then Save sends the worker. */
const savedUnchanged = (profile: Profile): unknown => {
  const built = profileOf(fieldsOf(profile), profile, false);
  if (!built.ok) throw new Error(JSON.stringify(built.problems));
  return built.value;
};

describe('every key of a profile', () => {
  it('survives parse, export, import, an unchanged editor Save and export again, unchanged', () => {
    const stored = parsed(EVERY_KEY);
    expect(stored).toEqual(EVERY_KEY);
    const file = exportProfiles([stored]);
    const imported = importProfiles(file);
    if (!imported.ok) throw new Error(imported.error.message);
    const [back] = imported.value;
    if (!back) throw new Error('nothing imported');
    const saved = parsed(savedUnchanged(back));
    expect(exportProfiles([saved])).toBe(file);
    expect(saved).toEqual(EVERY_KEY);
  });
});

describe('the editor form', () => {
  it('opens with empty secret fields, whatever is stored', () => {
    const fields = fieldsOf({ ...EVERY_KEY, secrets: { clientSecret: 'stored' } });
    expect([fields.clientSecret, fields.apiKey, fields.privateKey]).toEqual(['', '', '']);
  });

  it('takes what the user typed, and says which part is not JSON', () => {
    const fields = { ...fieldsOf(EVERY_KEY), name: 'Renamed', clientSecret: 's3cret' };
    expect(profileOf(fields, EVERY_KEY, false)).toMatchObject({
      ok: true,
      value: { name: 'Renamed', secrets: { clientSecret: 's3cret' } },
    });
    expect(profileOf({ ...fields, advanced: '{' }, EVERY_KEY, false)).toEqual({
      ok: false,
      problems: [{ path: 'advanced', message: 'is not valid JSON' }],
    });
    expect(profileOf({ ...fields, privateKey: 'nope' }, EVERY_KEY, false)).toEqual({
      ok: false,
      problems: [{ path: 'secrets.privateKeyJwk', message: 'is not a JSON Web Key' }],
    });
  });

  it('keeps endpoints marked a guess until Discover proved them', () => {
    const fields = fieldsOf(EVERY_KEY);
    expect(profileOf(fields, EVERY_KEY, false)).toMatchObject({ value: { unverified: true } });
    const proven = profileOf(fields, EVERY_KEY, true);
    expect(proven.ok && 'unverified' in proven.value).toBe(false);
  });
});
