import { describe, expect, it } from 'vitest';
import { buildSignInUrl } from './authorize';
import { createProfile } from './presets';
import type { Profile } from './profile';

const REDIRECT = 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/';
// RFC 7636 Appendix B.
const session = {
  state: 'st4te',
  codeVerifier: 'dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk',
  redirectUri: REDIRECT,
};

describe('buildSignInUrl', () => {
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
