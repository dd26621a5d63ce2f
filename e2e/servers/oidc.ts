import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import type { Fault, SeenRequest, Settings } from './harness';

export const OIDC_CLIENT_ID = 'token-keeper';

/**
 * Whose token it is, as the provider's own userinfo endpoint says (it checks the token), or the
 * status and `WWW-Authenticate` of its refusal.
 */
export async function subjectOf(issuer: string, token: string): Promise<string> {
  const res = await fetch(`${issuer}/me`, { headers: { authorization: `Bearer ${token}` } });
  if (!res.ok) return `${res.status} ${res.headers.get('www-authenticate')}`;
  return ((await res.json()) as { sub: string }).sub;
}

/**
 * A real OpenID Provider (`oidc-provider`, certified) on 127.0.0.1: authorization code with PKCE
 * for the public client `token-keeper`, refresh tokens on every grant, rotated on every use with
 * its reuse detection as it ships, lifetimes from `settings`. Its dev login page takes any user
 * name and password, then asks for consent.
 */
export class OidcServer {
  readonly name = 'oidc';
  readonly requests: SeenRequest[] = [];
  readonly issued: string[] = [];
  readonly settings: Settings = { accessSeconds: 3600, refreshSeconds: 86_400, skewSeconds: 0 };
  fault: Fault | undefined;
  url = '';
  private server: Server | undefined;

  /** Origins whose browser requests to the token endpoint are allowed (CORS). */
  readonly allowedOrigins: Set<string>;

  constructor(
    private readonly redirectUris: readonly string[],
    extensionOrigins: readonly string[],
  ) {
    this.allowedOrigins = new Set(extensionOrigins);
  }

  tokenRequests(path = '/token'): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  reset(): void {
    this.requests.length = 0;
    this.fault = undefined;
  }

  async start(port = 0): Promise<string> {
    const server = createServer();
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const settings = this.settings;
    const provider = new Provider(this.url, {
      clients: [
        {
          client_id: OIDC_CLIENT_ID,
          token_endpoint_auth_method: 'none',
          redirect_uris: [...this.redirectUris],
          grant_types: ['authorization_code', 'refresh_token'],
          response_types: ['code'],
        },
      ],
      issueRefreshToken: () => true,
      rotateRefreshToken: true,
      ttl: {
        AccessToken: () => settings.accessSeconds,
        RefreshToken: () => settings.refreshSeconds,
        IdToken: 3600,
        Grant: 14 * 86_400,
        Session: 14 * 86_400,
        Interaction: 3600,
      },
      features: { revocation: { enabled: true }, devInteractions: { enabled: true } },
      // A public client's token requests carry the caller's origin: the extension's are allowed.
      clientBasedCORS: (_ctx, origin) => this.allowedOrigins.has(origin),
      cookies: { keys: ['token-keeper-test-cookie-key'] },
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
    });
    provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error.message));
    provider.use(async (ctx, next) => {
      const fault = ctx.path === '/token' ? this.takeFault() : undefined;
      if (fault?.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 5000));
      if (fault?.mode === 'error5xx') {
        ctx.status = 503;
        ctx.body = 'Service Unavailable';
        return;
      }
      await next();
      const body = (ctx.oidc as { body?: Record<string, string> } | undefined)?.body;
      this.requests.push({
        method: ctx.method,
        path: ctx.path,
        query: Object.fromEntries(new URLSearchParams(ctx.querystring)),
        contentType: ctx.get('content-type').split(';')[0] ?? '',
        headers: Object.fromEntries(
          Object.entries(ctx.headers).map(([name, value]) => [name, String(value)]),
        ),
        ...(body && { form: { ...body } }),
        body: '',
        at: Date.now(),
      });
      const issued = ctx.body as
        { access_token?: unknown; refresh_token?: unknown; id_token?: unknown } | undefined;
      for (const token of [issued?.access_token, issued?.refresh_token, issued?.id_token]) {
        if (typeof token === 'string') this.issued.push(token);
      }
    });
    const handle = provider.callback();
    server.on('request', (req, res) => void handle(req, res));
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  private takeFault(): Fault | undefined {
    const fault = this.fault;
    if (fault?.times !== undefined)
      this.fault = fault.times > 1 ? { ...fault, times: fault.times - 1 } : undefined;
    return fault;
  }
}
