import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DialectServer, json, type Reply, type SeenRequest } from './harness';
import { verifiedClaims } from './tokens';

const SDK = resolve(import.meta.dirname, '..', '..', 'dist-sdk', 'token-keeper.js');

/** The demo web app: gets a token through the SDK and calls a protected API with it. */
const APP_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Demo web app</title></head>
<body>
<h1>Demo web app</h1>
<p>Gets a Keycloak access token from Token Keeper, then calls <code>/api/me</code> with it.</p>
<button id="call">Call API</button>
<pre id="out" aria-label="API result"></pre>
<script type="module">
  import { getToken } from '/sdk/token-keeper.js';
  const out = document.getElementById('out');
  document.getElementById('call').addEventListener('click', async () => {
    try {
      const token = await getToken('keycloak', { minValiditySeconds: 10 });
      window.lastToken = token;
      const res = await fetch('/api/me', { headers: { authorization: 'Bearer ' + token.accessToken } });
      out.textContent = res.status + ' ' + (await res.text());
    } catch (error) {
      out.textContent = 'error ' + error.code + ': ' + error.message;
    }
  });
</script>
</body></html>`;

const BLANK_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Blank</title></head><body></body></html>';

/**
 * Serves (over http, and over https on the same port when started with a certificate) the demo
 * web app, the SDK, a blank page (for tests that script a page themselves), and
 * `/api/me` and `POST /api/transfer`, which accept only a live access token the Keycloak test
 * server issued.
 */
export function webAppServer(issuer: DialectServer): DialectServer {
  const html = (body: string): Reply => ({ status: 200, type: 'text/html; charset=utf-8', body });
  const user = async (req: SeenRequest) => {
    const token = /^Bearer (.+)$/.exec(req.headers['authorization'] ?? '')?.[1];
    if (token === undefined || !issuer.issued.includes(token)) return undefined;
    return (await verifiedClaims(issuer, token))?.sub;
  };
  const api = async (req: SeenRequest) => {
    const sub = await user(req);
    return sub === undefined ? json(401, { error: 'invalid_token' }) : json(200, { user: sub });
  };
  return new DialectServer('webapp', [
    { method: 'GET', path: '/', handle: () => html(APP_PAGE) },
    { method: 'GET', path: '/blank', handle: () => html(BLANK_PAGE) },
    {
      method: 'GET',
      path: '/sdk/token-keeper.js',
      handle: () => ({
        status: 200,
        type: 'text/javascript; charset=utf-8',
        body: readFileSync(SDK, 'utf8'),
      }),
    },
    { method: 'GET', path: '/api/me', handle: api },
    { method: 'POST', path: '/api/transfer', handle: api },
  ]);
}
