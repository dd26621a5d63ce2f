import * as oauth from 'oauth4webapi';
import { build } from 'esbuild';
import { CREDENTIALS, REDIRECT_URI } from '../../e2e/servers/all';
import { OIDC_CLIENT_ID } from '../../e2e/servers/oidc';
import { fresh } from './fresh';
import { RUNS, median, round } from './stats';

// Peer: oidc-client-ts renewing with a refresh token, in a page, against the same oidc-provider.
// The refresh token comes from a code flow run here, its redirect caught before it leaves.
export function oidcClientRenewalMs(): Promise<number> {
  return fresh(async ({ servers, context }) => {
    const issuer = servers.oidc.url;
    const webapp = servers.webapps[1].url;
    servers.oidc.allowedOrigins.add(webapp);
    const verifier = oauth.generateRandomCodeVerifier();
    const authorize = new URL(`${issuer}/auth`);
    for (const [k, v] of Object.entries({
      client_id: OIDC_CLIENT_ID,
      response_type: 'code',
      redirect_uri: REDIRECT_URI,
      scope: 'openid',
      code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
    })) {
      authorize.searchParams.set(k, v);
    }
    // The redirect to chromiumapp.org is caught as a request (it resolves nowhere), code and all.
    const signIn = await context.newPage();
    const redirected = signIn.waitForRequest((r) => r.url().startsWith(REDIRECT_URI), {
      timeout: 30_000,
    });
    await signIn.goto(authorize.href).catch(() => undefined);
    for (let step = 0; step < 2 && !signIn.url().startsWith(REDIRECT_URI); step += 1) {
      if (await signIn.locator('input[name="login"]').count()) {
        await signIn.fill('input[name="login"]', CREDENTIALS.user.username);
        await signIn.fill('input[name="password"]', CREDENTIALS.user.password);
      }
      const submit = signIn.locator('button[type="submit"]');
      if (!(await submit.count())) break;
      await submit.click().catch(() => undefined);
      await signIn.waitForLoadState().catch(() => undefined);
    }
    const code = new URL((await redirected).url()).searchParams.get('code') ?? '';
    await signIn.close();
    const tokens = (await (
      await fetch(`${issuer}/token`, {
        method: 'POST',
        body: new URLSearchParams({
          grant_type: 'authorization_code',
          code,
          redirect_uri: REDIRECT_URI,
          code_verifier: verifier,
          client_id: OIDC_CLIENT_ID,
        }),
      })
    ).json()) as { refresh_token: string };

    const bundle = await build({
      stdin: {
        contents: "export { UserManager, User } from 'oidc-client-ts';",
        resolveDir: process.cwd(),
      },
      bundle: true,
      minify: true,
      write: false,
      format: 'esm',
      platform: 'browser',
    });
    const app = await context.newPage();
    await app.route(`${webapp}/oidc-client.js`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'text/javascript',
        body: bundle.outputFiles[0]?.text ?? '',
      }),
    );
    await app.goto(`${webapp}/blank`);
    const durations = await app.evaluate(
      async ({ issuer, clientId, redirectUri, refreshToken, runs }) => {
        const url: string = '/oidc-client.js';
        const { UserManager, User } = (await import(url)) as {
          UserManager: new (settings: object) => {
            storeUser(user: unknown): Promise<void>;
            signinSilent(): Promise<unknown>;
          };
          User: new (init: object) => unknown;
        };
        const manager = new UserManager({
          authority: issuer,
          client_id: clientId,
          redirect_uri: redirectUri,
          scope: 'openid',
        });
        await manager.storeUser(
          new User({
            access_token: 'expired',
            token_type: 'Bearer',
            refresh_token: refreshToken,
            scope: 'openid',
            profile: { sub: 'tester' },
            expires_at: 1,
          }),
        );
        await manager.signinSilent(); // the first one also loads the discovery document
        const out: number[] = [];
        for (let i = 0; i < runs; i += 1) {
          const start = performance.now();
          await manager.signinSilent();
          out.push(performance.now() - start);
        }
        return out;
      },
      {
        issuer,
        clientId: OIDC_CLIENT_ID,
        redirectUri: REDIRECT_URI,
        refreshToken: tokens.refresh_token,
        runs: RUNS,
      },
    );
    await app.close();
    return round(median(durations));
  });
}
