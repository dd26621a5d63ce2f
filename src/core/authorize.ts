import * as oauth from 'oauth4webapi';
import { fail, type Result } from './failure';
import { buildRequest } from './http';
import { profileVars } from './profile/vars';
import type { Profile } from './profile/types';

/** One sign-in attempt's single-use values; the caller makes them with oauth4webapi's generators. */
export interface SignInSession {
  readonly state: string;
  readonly codeVerifier: string;
  readonly redirectUri: string;
  /** OpenID Connect: bound to the ID token, which must carry it back (Core §3.1.2.1). */
  readonly nonce?: string;
  /**
   * Another identity is being added: the provider must ask who signs in, not take the browser's
   * session (`prompt=login`; for OpenID Connect also `max_age=0`, for servers that ignore prompt),
   * optionally suggesting a user (`login_hint`).
   */
  readonly fresh?: { readonly loginHint?: string };
  /** A sign-in again without a window (`prompt=none`): the provider answers at once or refuses. */
  readonly silent?: boolean;
}

/**
 * Whether a profile signs in again without a window when a refresh cannot be made: its own
 * `signIn.silent`, else on for OpenID Connect, whose servers answer `prompt=none`.
 */
export const signsInSilently = (profile: Profile): boolean =>
  profile.signIn.kind === 'authorization_code' && (profile.signIn.silent ?? isOpenId(profile));

/** What a fresh sign-in sets itself, in place of the profile's own values for the same names. */
const FRESH_PARAMS = ['prompt', 'max_age', 'login_hint'];

/** Whether a profile signs in with OpenID Connect: its scope asks for `openid`. */
export const isOpenId = (profile: Profile): boolean =>
  (profile.client.scope ?? '').split(' ').includes('openid');

/**
 * `prompt=login`, keeping what else the profile prompts for (`consent`: some servers give
 * `offline_access` only with it); `none` would forbid the login page, so it goes.
 */
function freshParams(profile: Profile, fresh: NonNullable<SignInSession['fresh']>) {
  const own = profile.signIn.kind === 'authorization_code' ? profile.signIn.authorizeParams : [];
  const prompts = (own ?? [])
    .flatMap((p) => (p.name === 'prompt' && 'value' in p ? p.value.split(' ') : []))
    .filter((value) => value !== '' && value !== 'login' && value !== 'none');
  return [
    { name: 'prompt', in: 'query', value: ['login', ...prompts].join(' ') } as const,
    ...(isOpenId(profile) ? [{ name: 'max_age', in: 'query', value: '0' } as const] : []),
    ...(fresh.loginHint
      ? [{ name: 'login_hint', in: 'query', value: fresh.loginHint } as const]
      : []),
  ];
}

/**
 * The URL the browser opens to sign in. Authorization code: RFC 6749 §4.1.1 with PKCE S256
 * (RFC 7636 §4.3), `state`, and for OpenID Connect a `nonce`. Connect style: the profile's own parameters, the redirect URI
 * among them (UiTiD's `destination`).
 */
export async function buildSignInUrl(
  profile: Profile,
  session: SignInSession,
): Promise<Result<string>> {
  const { signIn } = profile;
  const vars = profileVars(profile, session.redirectUri);
  if (signIn.kind === 'connect') {
    const request = buildRequest({ method: 'GET', url: signIn.url, params: signIn.params }, vars);
    return request.ok ? { ok: true, value: request.value.url } : request;
  }
  if (signIn.kind !== 'authorization_code') {
    return fail(
      'misconfigured',
      'no_redirect',
      'This provider signs in without a browser redirect.',
    );
  }
  const challenge = await oauth.calculatePKCECodeChallenge(session.codeVerifier);
  const request = buildRequest(
    {
      method: 'GET',
      url: signIn.authorizeUrl,
      params: [
        { name: 'response_type', in: 'query', value: 'code' },
        { name: 'client_id', in: 'query', from: 'clientId' },
        { name: 'redirect_uri', in: 'query', from: 'redirectUri' },
        ...(profile.client.scope ? [{ name: 'scope', in: 'query', from: 'scope' } as const] : []),
        { name: 'state', in: 'query', value: session.state },
        { name: 'code_challenge', in: 'query', value: challenge },
        { name: 'code_challenge_method', in: 'query', value: 'S256' },
        ...(session.nonce === undefined
          ? []
          : [{ name: 'nonce', in: 'query', value: session.nonce } as const]),
        ...(session.fresh ? freshParams(profile, session.fresh) : []),
        ...(session.silent && signIn.silentPrompt !== false
          ? [{ name: 'prompt', in: 'query', value: 'none' } as const]
          : []),
        ...(signIn.authorizeParams ?? []).filter(
          ({ name }) => !(session.fresh || session.silent) || !FRESH_PARAMS.includes(name),
        ),
      ],
    },
    vars,
  );
  return request.ok ? { ok: true, value: request.value.url } : request;
}
