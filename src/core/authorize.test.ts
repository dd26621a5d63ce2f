import { describe, expect, it } from 'vitest';
import { buildSignInUrl } from './authorize';
import { createProfile } from './profile/presets';
import type { Profile } from './profile/types';

const REDIRECT = 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/';
// RFC 7636 Appendix B.
const session = {
  state: 'st4te',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  redirectUri: REDIRECT,
};

describe('buildSignInUrl', () => {
  it('asks who signs in when another identity is added: prompt=login, max_age=0, the hint', async () => {
    const base = createProfile('oidc', { id: 'o', base: 'https://idp.example' });
    if (base.signIn.kind !== 'authorization_code') throw new Error('not a code flow');
    const profile: Profile = {
      ...base,
      client: { clientId: 'tk', scope: 'openid' },
      signIn: {
        ...base.signIn,
        authorizeParams: [
          { name: 'prompt', in: 'query', value: 'consent' },
          { name: 'ui_locales', in: 'query', value: 'nl' },
        ],
      },
    };
    const result = await buildSignInUrl(profile, { ...session, fresh: { loginHint: 'bob' } });
    if (!result.ok) throw new Error(result.error.message);
    const url = new URL(result.value);
    // Login first, and what else the profile prompts for (offline_access may need consent).
    expect(url.searchParams.getAll('prompt')).toEqual(['login consent']);
    expect(url.searchParams.get('max_age')).toBe('0');
    expect(url.searchParams.get('login_hint')).toBe('bob');
    expect(url.searchParams.get('ui_locales')).toBe('nl');
    const plain = await buildSignInUrl(
      { ...profile, client: { clientId: 'tk' } },
      { ...session, fresh: {} },
    );
    if (!plain.ok) throw new Error(plain.error.message);
    // max_age is OpenID Connect's: a plain OAuth server gets prompt alone.
    expect(new URL(plain.value).searchParams.has('max_age')).toBe(false);
    expect(new URL(plain.value).searchParams.has('login_hint')).toBe(false);
  });

  it('signs in without a window with prompt=none, the profile’s own prompts left out; without it where the server fails on it', async () => {
    const base = createProfile('oidc', { id: 'o', base: 'https://idp.example' });
    if (base.signIn.kind !== 'authorization_code') throw new Error('not a code flow');
    const profile: Profile = {
      ...base,
      client: { clientId: 'tk', scope: 'openid' },
      signIn: {
        ...base.signIn,
        authorizeParams: [{ name: 'prompt', in: 'query', value: 'consent' }],
      },
    };
    const silent = await buildSignInUrl(profile, { ...session, silent: true });
    if (!silent.ok) throw new Error(silent.error.message);
    expect(new URL(silent.value).searchParams.getAll('prompt')).toEqual(['none']);
    const without = await buildSignInUrl(
      { ...profile, signIn: { ...profile.signIn, silentPrompt: false } } as Profile,
      { ...session, silent: true },
    );
    if (!without.ok) throw new Error(without.error.message);
    expect(new URL(without.value).searchParams.has('prompt')).toBe(false);
  });

  it('authorization code: PKCE S256, state, scope, redirect', async () => {
    const profile: Profile = {
      ...createProfile('oidc', { id: 'o', base: 'https://idp.example' }),
      client: { clientId: 'tk', scope: 'openid' },
    };
    const result = await buildSignInUrl(profile, session);
    if (!result.ok) throw new Error(result.error.message);
    const url = new URL(result.value);
    expect(url.origin + url.pathname).toBe('https://idp.example/authorize');
    expect(Object.fromEntries(url.searchParams)).toEqual({
      response_type: 'code',
      client_id: 'tk',
      redirect_uri: REDIRECT,
      scope: 'openid',
      state: 'st4te',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
  });

  it('adds a nonce when asked, and the profile’s extra parameters after the protocol’s', async () => {
    const base = createProfile('oidc', { id: 'o', base: 'https://idp.example' });
    if (base.signIn.kind !== 'authorization_code') throw new Error('not a code flow');
    const profile: Profile = {
      ...base,
      client: { clientId: 'tk', scope: 'openid' },
      signIn: {
        ...base.signIn,
        authorizeParams: [
          { name: 'access_type', in: 'query', value: 'offline' },
          { name: 'prompt', in: 'query', value: 'consent' },
        ],
      },
    };
    const result = await buildSignInUrl(profile, { ...session, nonce: 'n0nce' });
    if (!result.ok) throw new Error(result.error.message);
    const query = new URL(result.value).searchParams;
    expect([...query.keys()].slice(-3)).toEqual(['nonce', 'access_type', 'prompt']);
    expect(query.get('nonce')).toBe('n0nce');
    expect(query.get('access_type')).toBe('offline');
  });

  it('sends each protocol parameter once, its own value, whatever the stored address holds', async () => {
    const base = createProfile('oidc', { id: 'o', base: 'https://idp.example' });
    if (base.signIn.kind !== 'authorization_code') throw new Error('not a code flow');
    // Stored before addresses were checked: a server taking the first value would use these.
    const profile: Profile = {
      ...base,
      client: { clientId: 'tk', scope: 'openid' },
      signIn: {
        ...base.signIn,
        authorizeUrl:
          'https://idp.example/authorize?redirect_uri=https://evil.example/&code_challenge=EVIL&state=x&tenant=a',
      },
    };
    const result = await buildSignInUrl(profile, session);
    if (!result.ok) throw new Error(result.error.message);
    const query = new URL(result.value).searchParams;
    expect(query.getAll('redirect_uri')).toEqual([REDIRECT]);
    expect(query.getAll('code_challenge')).toEqual(['E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM']);
    expect(query.getAll('state')).toEqual(['st4te']);
    expect(query.get('tenant')).toBe('a');
  });

  it('connect: UiTiD’s /connect?apiKey=..&destination=<redirect>', async () => {
    const profile: Profile = {
      ...createProfile('uitid', { id: 'u', base: 'https://uitid.example' }),
      secrets: { apiKey: 'KEY' },
    };
    const result = await buildSignInUrl(profile, session);
    expect(result).toEqual({
      ok: true,
      value: `https://uitid.example/connect?apiKey=KEY&destination=${encodeURIComponent(REDIRECT)}`,
    });
  });

  it('says what is missing', async () => {
    expect(await buildSignInUrl(createProfile('uitid', { id: 'u' }), session)).toMatchObject({
      ok: false,
      error: { code: 'missing_value' },
    });
    expect(await buildSignInUrl(createProfile('oidc', { id: 'o' }), session)).toMatchObject({
      ok: false,
      error: { code: 'missing_value' },
    });
    expect(await buildSignInUrl(createProfile('keycloak', { id: 'k' }), session)).toMatchObject({
      ok: false,
      error: { code: 'no_redirect' },
    });
  });
});
