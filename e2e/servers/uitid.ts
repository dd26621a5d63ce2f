import { DialectServer, loginForm, redirect, text } from './harness';
import { mintJwt, opaque, RefreshStore } from './tokens';

/**
 * Seed 001, publiq UiTiD: `GET /connect?apiKey=..&destination=..` shows a login page and then
 * redirects to `destination?jwt=..&refresh=..`; `GET /refresh?apiKey=..&refresh=..` answers with
 * the bare JWT; expiry only from the JWT; an unknown refresh token gets 401.
 */
export function uitidServer(apiKey: string): DialectServer {
  const grants = new RefreshStore<{ user: string }>();
  const jwtFor = (server: DialectServer, user: string) =>
    mintJwt(
      server,
      { iss: server.url, uid: user, nick: user, email: `${user}@example.test` },
      server.settings.accessSeconds,
    );

  return new DialectServer(
    'uitid',
    [
      {
        method: 'GET',
        path: '/connect',
        handle: (req) =>
          req.query['apiKey'] === apiKey
            ? loginForm(
                '/connect',
                { destination: req.query['destination'] ?? '' },
                'UiTiD sign in',
              )
            : text(403, 'Unknown apiKey'),
      },
      {
        method: 'POST',
        path: '/connect',
        handle: async (req, server) => {
          const form = req.form ?? {};
          const user = form['username'] || 'tester';
          const destination = new URL(form['destination'] ?? '');
          destination.searchParams.set('jwt', await jwtFor(server, user));
          destination.searchParams.set(
            'refresh',
            grants.add(opaque(server, 33), { user }, server.settings.refreshSeconds),
          );
          return redirect(destination.href);
        },
      },
      {
        method: 'GET',
        path: '/refresh',
        faults: true,
        handle: async (req, server) => {
          if (req.query['apiKey'] !== apiKey) return text(403, 'Unknown apiKey');
          const grant = grants.take(req.query['refresh'], false);
          return grant ? text(200, await jwtFor(server, grant.user)) : text(401, 'Denied Request');
        },
      },
    ],
    { accessSeconds: 43_200 },
    text(401, 'Denied Request'),
  );
}
