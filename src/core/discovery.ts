import * as oauth from 'oauth4webapi';
import { fail, ok, type Result } from './failure';
import type { HttpRequest, HttpResponse } from './http';
import type { Profile } from './profile';

/** The discovery request for an issuer (OpenID Connect Discovery 1.0 §4.1). */
export function discoveryRequest(issuer: string): Result<HttpRequest> {
  let url: URL;
  try {
    url = new URL(issuer);
  } catch {
    return fail('misconfigured', 'invalid_issuer', `The issuer "${issuer}" is not a URL.`);
  }
  url.pathname = `${url.pathname.replace(/\/$/, '')}/.well-known/openid-configuration`;
  return ok({ method: 'GET', url: url.href, headers: { accept: 'application/json' } });
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
  let as: oauth.AuthorizationServer;
  try {
    const response = new Response(res.body, { status: res.status, headers: res.headers });
    as = await oauth.processDiscoveryResponse(new URL(issuer), response);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/"response" /g, '') : 'unknown';
    const kind = res.status >= 500 || res.status === 429 ? 'transient' : 'misconfigured';
    return fail(kind, 'discovery_failed', `Discovery failed: ${reason}.`, { status: res.status });
  }
  const { authorization_endpoint, token_endpoint, revocation_endpoint } = as;
  if (authorization_endpoint === undefined || token_endpoint === undefined) {
    return fail(
      'misconfigured',
      'discovery_incomplete',
      'The issuer has no authorization or token endpoint.',
    );
  }
  const { signIn, refresh } = profile;
  return ok({
    ...profile,
    client: { ...profile.client, issuer: as.issuer },
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
        : {
            method: 'POST',
            url: revocation_endpoint,
            params: [
              { name: 'token', in: 'form', from: 'refreshToken' },
              { name: 'token_type_hint', in: 'form', value: 'refresh_token' },
              { name: 'client_id', in: 'form', from: 'clientId' },
            ],
          },
    }),
  });
}
