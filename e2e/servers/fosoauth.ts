import { randomBytes } from 'node:crypto';
import {
  DialectServer,
  json,
  loginForm,
  redirect,
  text,
  type Reply,
  type SeenRequest,
} from './harness';
import { opaque, RefreshStore } from './tokens';

export const FOS_TOKEN_PATH = '/oauth/v2/token';

/**
 * Seed 002, FOSOAuthServerBundle: authorization code through a login page; the token endpoint
 * takes GET (every parameter, the client secret included, in the query) or POST; answers are
 * JSON with `token_type: "bearer"` and a scope; each refresh rotates the refresh token. The
 * client's id and secret come in the request, or in HTTP Basic taken as it comes (as PHP does).
 */
export function fosoauthServer(client: { clientId: string; clientSecret: string }): DialectServer {
  const codes = new Map<string, string>();
  const grants = new RefreshStore<{ redirectUri: string }>();
  const invalid = (error: string, description: string) =>
    json(400, { error, error_description: description });

  function issue(server: DialectServer, redirectUri: string): Reply {
    return json(200, {
      access_token: opaque(server, 64),
      expires_in: server.settings.accessSeconds,
      token_type: 'bearer',
      scope: 'email full_profile contacts',
      refresh_token: grants.add(
        opaque(server, 64),
        { redirectUri },
        server.settings.refreshSeconds,
      ),
    });
  }

  function token(req: SeenRequest, server: DialectServer): Reply {
    const p = req.method === 'GET' ? req.query : (req.form ?? {});
    // HTTP Basic as PHP hands it over (PHP_AUTH_USER, PHP_AUTH_PW): split, never URL-decoded.
    const basic = /^Basic (.+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    const [id, secret] = basic
      ? (([user, ...rest]) => [user, rest.join(':')])(
          Buffer.from(basic, 'base64').toString('utf8').split(':'),
        )
      : [p['client_id'], p['client_secret']];
    if (id !== client.clientId || secret !== client.clientSecret) {
      return invalid('invalid_client', 'The client credentials are invalid');
    }
    if (p['grant_type'] === 'authorization_code') {
      const redirectUri = codes.get(p['code'] ?? '');
      codes.delete(p['code'] ?? '');
      if (redirectUri === undefined || redirectUri !== p['redirect_uri'])
        return invalid('invalid_grant', 'Code is not valid');
      return issue(server, redirectUri);
    }
    if (p['grant_type'] === 'refresh_token') {
      const grant = grants.take(p['refresh_token'], true);
      if (!grant) return invalid('invalid_grant', 'Invalid refresh token');
      return issue(server, grant.redirectUri);
    }
    return invalid('unsupported_grant_type', 'Invalid grant_type parameter or parameter missing');
  }

  return new DialectServer(
    'fosoauth',
    [
      {
        method: 'GET',
        path: '/oauth/v2/auth',
        handle: (req) =>
          req.query['client_id'] === client.clientId
            ? loginForm(
                '/oauth/v2/auth',
                { redirect_uri: req.query['redirect_uri'] ?? '', state: req.query['state'] ?? '' },
                'Golden sign in',
              )
            : text(400, 'Unknown client'),
      },
      {
        method: 'POST',
        path: '/oauth/v2/auth',
        handle: (req) => {
          const form = req.form ?? {};
          const code = randomBytes(24).toString('base64url');
          codes.set(code, form['redirect_uri'] ?? '');
          const back = new URL(form['redirect_uri'] ?? '');
          back.searchParams.set('code', code);
          back.searchParams.set('state', form['state'] ?? '');
          return redirect(back.href);
        },
      },
      { method: 'ANY', path: FOS_TOKEN_PATH, faults: true, handle: token },
    ],
    { accessSeconds: 3600 },
    json(400, { error: 'invalid_grant', error_description: 'Invalid refresh token' }),
  );
}
