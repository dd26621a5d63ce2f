import { randomUUID } from 'node:crypto';
import { DialectServer, json, type Reply } from './harness';
import { mintJwt, RefreshStore } from './tokens';

export const KEYCLOAK_REALM = '/realms/apiax';
export const KEYCLOAK_TOKEN_PATH = `${KEYCLOAK_REALM}/protocol/openid-connect/token`;
export const KEYCLOAK_REVOKE_PATH = `${KEYCLOAK_REALM}/protocol/openid-connect/revoke`;

/**
 * Seed 004, apiax on Keycloak: the public client `integration-api` logs in with a direct grant and
 * refreshes with a POST form; answers carry `refresh_expires_in`, `not-before-policy`,
 * `session_state`; a bad refresh token gets `invalid_grant` / "Token is not active".
 */
export function keycloakServer(users: Record<string, string>): DialectServer {
  const grants = new RefreshStore<{ user: string; session: string }>();
  const notActive = json(400, { error: 'invalid_grant', error_description: 'Token is not active' });

  async function issue(server: DialectServer, user: string, session: string): Promise<Reply> {
    const { accessSeconds, refreshSeconds } = server.settings;
    const iss = `${server.url}${KEYCLOAK_REALM}`;
    const accessToken = await mintJwt(
      server,
      { iss, sub: user, typ: 'Bearer', azp: 'integration-api', sid: session },
      accessSeconds,
    );
    const refreshToken = await mintJwt(
      server,
      { iss, aud: iss, sub: user, typ: 'Refresh', sid: session },
      refreshSeconds,
    );
    grants.add(refreshToken, { user, session }, refreshSeconds);
    return json(200, {
      access_token: accessToken,
      expires_in: accessSeconds,
      refresh_expires_in: refreshSeconds,
      refresh_token: refreshToken,
      token_type: 'Bearer',
      'not-before-policy': 0,
      session_state: session,
      scope: 'profile email',
    });
  }

  return new DialectServer(
    'keycloak',
    [
      {
        method: 'POST',
        path: KEYCLOAK_TOKEN_PATH,
        faults: true,
        handle: async (req, server) => {
          const form = req.form ?? {};
          if (form['client_id'] !== 'integration-api')
            return json(401, {
              error: 'invalid_client',
              error_description: 'Invalid client credentials',
            });
          if (form['grant_type'] === 'password') {
            const user = form['username'] ?? '';
            if (users[user] === undefined || users[user] !== form['password']) {
              return json(401, {
                error: 'invalid_grant',
                error_description: 'Invalid user credentials',
              });
            }
            return issue(server, user, randomUUID());
          }
          if (form['grant_type'] === 'refresh_token') {
            const grant = grants.take(form['refresh_token'], true);
            return grant ? issue(server, grant.user, grant.session) : notActive;
          }
          return json(400, { error: 'unsupported_grant_type' });
        },
      },
      {
        method: 'POST',
        path: KEYCLOAK_REVOKE_PATH,
        handle: (req) => {
          grants.revoke(req.form?.['token'] ?? '');
          return { status: 200, body: '' };
        },
      },
    ],
    { accessSeconds: 1800, refreshSeconds: 1_209_600 },
    notActive,
  );
}
