import { DialectServer, json, type Reply } from './harness';
import { mintJwt, RefreshStore } from './tokens';

export const CAMEL_TOKEN_PATH = '/api/oauth2/token';

/** ISO 8601 with seven fractional digits, as seed 003's server writes it. */
function iso7(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.(\d{3})Z$/, (_, frac: string) => `.${frac}${String(ms % 7).padStart(4, '0')}Z`);
}

/**
 * Seed 003: camelCase form fields (`grantType=RefreshToken&refreshToken=..`), JWT access and
 * refresh tokens (`aud` access / refresh), ISO expiry fields with seven fractional digits; the
 * refresh JWT says 14 days while `refreshTokenExpiresAt` says `refreshSeconds` (1 day).
 */
export function camelcaseServer(users: Record<string, string>): DialectServer {
  const grants = new RefreshStore<{ user: string }>();

  async function issue(server: DialectServer, user: string): Promise<Reply> {
    const now = server.nowSeconds() * 1000;
    const { accessSeconds, refreshSeconds } = server.settings;
    const accessToken = await mintJwt(server, { unique_name: user, aud: 'access' }, accessSeconds, {
      alg: 'RS512',
    });
    const refreshToken = await mintJwt(
      server,
      { unique_name: user, aud: 'refresh', short_term_expiration: 'False' },
      14 * 86_400,
      { alg: 'RS512' },
    );
    grants.add(refreshToken, { user }, refreshSeconds);
    return json(200, {
      access_token: accessToken,
      refresh_token: refreshToken,
      accessTokenExpiresAt: iso7(now + accessSeconds * 1000),
      refreshTokenExpiresAt: iso7(now + refreshSeconds * 1000),
    });
  }

  return new DialectServer(
    'camelcase',
    [
      {
        method: 'POST',
        path: CAMEL_TOKEN_PATH,
        faults: true,
        handle: async (req, server) => {
          const form = req.form ?? {};
          if (form['grantType'] === 'Password') {
            const user = form['username'] ?? '';
            if (users[user] === undefined || users[user] !== form['password'])
              return json(401, { message: 'Invalid user name or password' });
            return issue(server, user);
          }
          if (form['grantType'] === 'RefreshToken') {
            const grant = grants.take(form['refreshToken'], true);
            return grant
              ? issue(server, grant.user)
              : json(400, { error: 'invalid_grant', message: 'Refresh token is not valid' });
          }
          return json(400, { error: 'unsupported_grant_type' });
        },
      },
    ],
    { accessSeconds: 900, refreshSeconds: 86_400 },
  );
}
