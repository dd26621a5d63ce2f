import { describe, expect, it } from 'vitest';
import { UITID_REDIRECT } from './__fixtures__/seeds';
import { createProfile } from './profile/presets';
import type { SignIn } from './profile/types';
import { readCodeRedirect, readTokenRedirect } from './redirect';

const REDIRECT = 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/';
const oidc = createProfile('oidc', { id: 'o', base: 'https://idp.example' });
const expected = { state: 'st4te', redirectUri: REDIRECT };

describe('readCodeRedirect', () => {
  it('returns the code when state matches', () => {
    expect(readCodeRedirect(oidc, `${REDIRECT}?code=abc&state=st4te`, expected)).toEqual({
      ok: true,
      value: { code: 'abc' },
    });
  });

  it('accepts the issuer it expects (RFC 9207)', () => {
    const url = `${REDIRECT}?code=abc&state=st4te&iss=${encodeURIComponent('https://idp.example')}`;
    expect(readCodeRedirect(oidc, url, expected).ok).toBe(true);
  });

  it.each([
    [
      'a state that was not sent',
      `${REDIRECT}?code=abc&state=other`,
      'misconfigured',
      'state_mismatch',
    ],
    ['no state', `${REDIRECT}?code=abc`, 'misconfigured', 'state_mismatch'],
    [
      'another issuer',
      `${REDIRECT}?code=abc&state=st4te&iss=https%3A%2F%2Fevil.example`,
      'misconfigured',
      'issuer_mismatch',
    ],
    [
      'a repeated code',
      `${REDIRECT}?code=abc&code=def&state=st4te`,
      'misconfigured',
      'duplicate_parameter',
    ],
    [
      'a repeated state',
      `${REDIRECT}?code=abc&state=st4te&state=st4te`,
      'misconfigured',
      'duplicate_parameter',
    ],
    ['the user said no', `${REDIRECT}?error=access_denied&state=st4te`, 'reauth', 'access_denied'],
    [
      'a server error',
      `${REDIRECT}?error=temporarily_unavailable&state=st4te`,
      'transient',
      'temporarily_unavailable',
    ],
    [
      'a bad client',
      `${REDIRECT}?error=unauthorized_client&state=st4te`,
      'misconfigured',
      'unauthorized_client',
    ],
    [
      'an error code that is not a code',
      `${REDIRECT}?error=%3Cscript%3E&state=st4te`,
      'misconfigured',
      'authorization_error',
    ],
    ['no code', `${REDIRECT}?state=st4te`, 'misconfigured', 'missing_code'],
    [
      'another address',
      `https://evil.example/?code=abc&state=st4te`,
      'misconfigured',
      'unexpected_redirect',
    ],
    [
      'another path',
      `${REDIRECT}other?code=abc&state=st4te`,
      'misconfigured',
      'unexpected_redirect',
    ],
    ['not a URL', 'not a url', 'transient', 'invalid_redirect'],
    [
      'an implicit-flow token',
      `${REDIRECT}?code=abc&state=st4te&id_token=x`,
      'misconfigured',
      'invalid_redirect',
    ],
  ])('rejects %s', (_name, url, kind, code) => {
    const result = readCodeRedirect(oidc, url, expected);
    expect(!result.ok && result.error).toMatchObject({ kind, code });
  });
});

describe('a refused sign-in', () => {
  it('says what the provider said and where its help is, not just the code', () => {
    const url = `${REDIRECT}?error=invalid_request&error_description=nonce%20required&error_uri=https%3A%2F%2Fidp.example%2Fhelp&state=st4te`;
    const result = readCodeRedirect(oidc, url, expected);
    expect(!result.ok && result.error.message).toBe(
      'The provider refused the sign-in: invalid_request (nonce required; see https://idp.example/help).',
    );
  });

  it('keeps a token the provider echoes out of the message', () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJlLXNpZ25hdHVyZQ';
    const url = `${REDIRECT}?error=invalid_request&error_description=${encodeURIComponent(`bad ${token}`)}&state=st4te`;
    const result = readCodeRedirect(oidc, url, expected);
    expect(!result.ok && result.error.message).not.toContain(token);
  });
});

describe('readTokenRedirect', () => {
  const uitid = createProfile('uitid', { id: 'u' });
  const signIn = uitid.signIn as Extract<SignIn, { kind: 'connect' }>;
  const seedRedirect = 'https://jwt-test.uitdatabank.be/oob';

  it('reads the seed’s own ?jwt=..&refresh=.. redirect', () => {
    const result = readTokenRedirect(signIn, UITID_REDIRECT, seedRedirect);
    const params = new URL(UITID_REDIRECT).searchParams;
    expect(result).toEqual({
      ok: true,
      value: { accessToken: params.get('jwt'), refreshToken: params.get('refresh') },
    });
  });

  it('reads tokens from the fragment when the profile says so', () => {
    const fragment = { ...signIn, tokensIn: 'fragment' as const };
    const result = readTokenRedirect(fragment, `${REDIRECT}#jwt=a.b.c&refresh=r`, REDIRECT);
    expect(result).toEqual({ ok: true, value: { accessToken: 'a.b.c', refreshToken: 'r' } });
  });

  it('keeps going without a refresh token when the dialect sends none', () => {
    expect(readTokenRedirect(signIn, `${REDIRECT}?jwt=a.b.c`, REDIRECT)).toEqual({
      ok: true,
      value: { accessToken: 'a.b.c' },
    });
  });

  it.each([
    ['a repeated jwt', `${REDIRECT}?jwt=a&jwt=b&refresh=r`, 'duplicate_parameter'],
    ['no jwt', `${REDIRECT}?refresh=r`, 'missing_token'],
    ['an empty jwt', `${REDIRECT}?jwt=&refresh=r`, 'missing_token'],
    ['an error', `${REDIRECT}?error=access_denied`, 'access_denied'],
    [
      'tokens in the fragment when the query was expected',
      `${REDIRECT}#jwt=a&refresh=r`,
      'missing_token',
    ],
    ['another address', `https://evil.example/?jwt=a`, 'unexpected_redirect'],
  ])('rejects %s', (_name, url, code) => {
    const result = readTokenRedirect(signIn, url, REDIRECT);
    expect(!result.ok && result.error.code).toBe(code);
  });
});
