import { importJWK, jwtVerify, type JWK } from 'jose';
import { DialectServer, text, type SeenRequest } from './harness';
import { mintJwt, RefreshStore, uuid } from './tokens';

export const KOPPELTAAL_TOKEN_PATH = '/oauth2/token';

/**
 * Seed 000, Koppeltaal: client credentials with an RS512 `private_key_jwt` assertion (SMART
 * backend services) for the first tokens; refresh is a POST form whose `scope` must equal the
 * first request's; errors are plain-text 400 bodies; every refresh gives a new UUID refresh token.
 */
export function koppeltaalServer(client: { clientId: string; publicJwk: JWK }): DialectServer {
  const grants = new RefreshStore<{ scope: string }>();

  async function issue(server: DialectServer, scope: string) {
    const accessToken = await mintJwt(
      server,
      { iss: `${server.url}/`, aud: 'fhir-server', type: 'access', scope, azp: client.clientId },
      server.settings.accessSeconds,
      { alg: 'RS512', iat: false },
    );
    const refreshToken = grants.add(uuid(server), { scope }, server.settings.refreshSeconds);
    return {
      status: 200,
      type: 'application/json',
      body: JSON.stringify({
        access_token: accessToken,
        expires_in: server.settings.accessSeconds,
        refresh_token: refreshToken,
        token_type: 'Bearer',
      }),
    };
  }

  async function clientCredentials(req: SeenRequest, server: DialectServer) {
    const form = req.form ?? {};
    if (
      form['client_assertion_type'] !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
    ) {
      return text(400, 'Bad Request, invalid client');
    }
    try {
      const key = await importJWK(client.publicJwk, 'RS512');
      await jwtVerify(form['client_assertion'] ?? '', key, {
        issuer: client.clientId,
        subject: client.clientId,
        audience: `${server.url}${KOPPELTAAL_TOKEN_PATH}`,
        algorithms: ['RS512'],
      });
    } catch {
      return text(400, 'Bad Request, invalid client');
    }
    return issue(server, form['scope'] ?? '');
  }

  return new DialectServer(
    'koppeltaal',
    [
      {
        method: 'POST',
        path: KOPPELTAAL_TOKEN_PATH,
        faults: true,
        handle: async (req, server) => {
          const form = req.form ?? {};
          if (form['grant_type'] === 'client_credentials') return clientCredentials(req, server);
          if (form['grant_type'] !== 'refresh_token')
            return text(400, 'Bad Request, invalid grant');
          const grant = grants.take(form['refresh_token'], false);
          if (!grant) return text(400, 'Bad Request, invalid token');
          if (form['scope'] !== grant.scope) return text(400, 'Bad Request, invalid scope');
          grants.take(form['refresh_token'], true);
          return issue(server, grant.scope);
        },
      },
    ],
    { accessSeconds: 3600 },
    text(400, 'Bad Request, invalid token'),
  );
}
