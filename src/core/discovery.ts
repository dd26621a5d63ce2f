import * as oauth from 'oauth4webapi';
import { fail, ok, type Result } from './failure';
import type { HttpRequest, HttpResponse } from './http';
import type { Endpoint, Profile } from './profile/types';

/** An RFC 7009 revocation of the refresh token, by a public client. */
export const standardRevoke = (url: string): Endpoint => ({
  method: 'POST',
  url,
  params: [
    { name: 'token', in: 'form', from: 'refreshToken' },
    { name: 'token_type_hint', in: 'form', value: 'refresh_token' },
    { name: 'client_id', in: 'form', from: 'clientId' },
  ],
});

/** The discovery request for an issuer (OpenID Connect Discovery 1.0 §4.1). */
export function discoveryRequest(issuer: string): Result<HttpRequest> {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return fail('misconfigured', 'invalid_issuer', `The issuer "${issuer}" is not a URL.`);
  }
  url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`;
  return ok({
    method: 'GET',
    url: url.href,
    headers: { accept: 'application/json' },
    // Some servers move it (Django OAuth Toolkit: 301 to the same URL with a trailing slash).
    followRedirects: true,
  });
}

/**
 * Whether a discovery redirect may be believed: to the same origin, or from https to https. A
 * document fetched over http from another origin could have been put there by anyone on the way.
 */
function redirectProblem(requested: string, final: string | undefined): string | undefined {
  if (final === undefined) return undefined;
  const from = new URL(requested);
  const to = new URL(final);
  if (to.origin === from.origin || (from.protocol === 'https:' && to.protocol === 'https:'))
    return undefined;
  return `it was redirected to ${final}, another origin without https all the way; only same-origin or https-to-https redirects are followed`;
}

/**
 * For a client with a secret, the way the server says it takes one: Basic first (RFC 6749
 * §2.3.1 says servers must support it), else in the body. A client without one stays public.
 */
function secretAuth(profile: Profile, supported: readonly string[] | undefined) {
  if (profile.secrets.clientSecret === undefined || supported === undefined) return undefined;
  return (['client_secret_basic', 'client_secret_post'] as const).find((m) =>
    supported.includes(m),
  );
}

/**
 * Reads a discovery document with oauth4webapi, which checks that its `issuer` is the one asked
 * for (§4.3), and puts its endpoints into the profile.
 */
export async function applyDiscovery(
  profile: Profile,
  issuer: string,
  res: HttpResponse,
): Promise<Result<Profile>> {
  const requested = discoveryRequest(issuer);
  if (!requested.ok) return requested;
  const url = requested.value.url;
  const where = `${url}${res.redirectedTo === undefined ? '' : ` (redirected to ${res.redirectedTo})`}`;
  const moved = redirectProblem(url, res.redirectedTo);
  if (moved !== undefined)
    return fail('misconfigured', 'discovery_failed', `Discovery at ${url} failed: ${moved}.`);
  const kind = res.status >= 500 || res.status === 429 ? 'transient' : 'misconfigured';
  const location = res.headers['location'];
  if (res.status !== 200)
    return fail(
      kind,
      'discovery_failed',
      res.status === 404
        ? `No OpenID configuration at ${where} (404): check the issuer URL (the address before /.well-known).`
        : `Discovery at ${where} failed with HTTP ${res.status}${location === undefined ? '' : ` (Location: ${location})`}: the issuer did not answer with its OpenID configuration.`,
      { status: res.status },
    );
  let as: oauth.AuthorizationServer;
  try {
    const response = new Response(res.body, { status: res.status, headers: res.headers });
    as = await oauth.processDiscoveryResponse(new URL(issuer), response);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/"response" /g, '') : 'unknown';
    return fail('misconfigured', 'discovery_failed', `Discovery at ${where} failed: ${reason}.`, {
      status: res.status,
    });
  }
  const { authorization_endpoint, token_endpoint, revocation_endpoint } = as;
  if (authorization_endpoint === undefined || token_endpoint === undefined) {
    return fail(
      'misconfigured',
      'discovery_incomplete',
      'The issuer has no authorization or token endpoint.',
    );
  }
  // The document proves the endpoints: they are no longer a guess.
  const { signIn, refresh, client, unverified: _, ...known } = profile;
  // Refresh tokens for OpenID Connect sign-ins come with offline_access on servers that know it
  // (Keycloak, Auth0, Okta list it); others refuse it as invalid_scope, so it is asked only there.
  const offline = as.scopes_supported?.includes('offline_access') === true;
  const words = (client.scope ?? '').split(' ').filter(Boolean);
  const scope =
    offline && words.includes('openid') && !words.includes('offline_access')
      ? [...words, 'offline_access'].join(' ')
      : client.scope;
  const auth = client.auth ?? secretAuth(profile, as.token_endpoint_auth_methods_supported);
  return ok({
    ...known,
    client: {
      ...client,
      issuer: as.issuer,
      ...(scope !== undefined && { scope }),
      ...(auth !== undefined && { auth }),
    },
    signIn:
      signIn.kind === 'authorization_code'
        ? {
            ...signIn,
            authorizeUrl: authorization_endpoint,
            token: { ...signIn.token, url: token_endpoint },
          }
        : signIn,
    ...(refresh && { refresh: { ...refresh, url: token_endpoint } }),
    ...(revocation_endpoint !== undefined && {
      revoke: profile.revoke
        ? { ...profile.revoke, url: revocation_endpoint }
        : standardRevoke(revocation_endpoint),
    }),
  });
}
