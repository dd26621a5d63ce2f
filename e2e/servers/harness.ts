import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { Duplex } from 'node:stream';
import {
  createServer as createTcpServer,
  type AddressInfo,
  type Server as TcpServer,
} from 'node:net';

/** A request as a test server saw it. */
export interface SeenRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly contentType: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly form?: Record<string, string>;
  readonly json?: unknown;
  readonly body: string;
  readonly at: number;
}

/**
 * Ways a server misbehaves on its refresh (and token) endpoint, each as its seed's kind of server
 * would: `slow` answers after `delayMs`; `error5xx`, `rate` (429) and `html` (a login page with
 * 200) answer instead of tokens; `drop` rotates the tokens then closes the socket unanswered;
 * `cut` rotates them, sends the status line, headers and half the body, then closes the socket;
 * `reject` refuses the refresh token in the dialect's own words.
 */
export type FaultMode = 'slow' | 'error5xx' | 'rate' | 'html' | 'drop' | 'cut' | 'reject';
export interface Fault {
  readonly mode: FaultMode;
  readonly delayMs?: number;
  /** The `Retry-After` of a `rate` fault (60 s when absent). */
  readonly retryAfterSeconds?: number;
  /** How many requests it applies to; unlimited when absent. */
  readonly times?: number;
}

export interface Settings {
  accessSeconds: number;
  refreshSeconds: number;
  /** The server's clock runs this far ahead of the real one (negative: behind). */
  skewSeconds: number;
}

export interface Reply {
  readonly status: number;
  readonly type?: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}
export const json = (status: number, body: unknown): Reply => ({
  status,
  type: 'application/json',
  body: JSON.stringify(body),
});
export const text = (status: number, body: string): Reply => ({
  status,
  type: 'text/plain; charset=utf-8',
  body,
});
export const redirect = (location: string): Reply => ({
  status: 302,
  body: '',
  headers: { location },
});

export const LOGIN_PAGE_HTML =
  '<!doctype html><title>Sign in</title><form method="post" action="/login"><input name="user"></form>';

/** The HTML sign-in page the browser sees; a test fills and submits it. */
export function loginForm(action: string, hidden: Record<string, string>, title: string): Reply {
  const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const fields = Object.entries(hidden)
    .map(([k, v]) => `<input type="hidden" name="${esc(k)}" value="${esc(v)}">`)
    .join('');
  return {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: `<!doctype html><title>${esc(title)}</title><h1>${esc(title)}</h1>
<form method="post" action="${esc(action)}">${fields}
<label>User name <input name="username" autocomplete="username"></label>
<label>Password <input name="password" type="password"></label>
<button type="submit">Log in</button></form>`,
  };
}

export interface Route {
  readonly method: 'GET' | 'POST' | 'ANY';
  readonly path: string;
  /** Token endpoints are where faults apply. */
  readonly faults?: boolean;
  readonly handle: (req: SeenRequest, server: DialectServer) => Reply | Promise<Reply> | 'drop';
}

function parse(req: IncomingMessage, body: string, url: URL): SeenRequest {
  const contentType = (req.headers['content-type'] ?? '').split(';')[0]?.trim() ?? '';
  const seen: SeenRequest = {
    method: req.method ?? 'GET',
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    contentType,
    headers: Object.fromEntries(
      Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]),
    ),
    body,
    at: Date.now(),
  };
  if (contentType === 'application/x-www-form-urlencoded')
    return { ...seen, form: Object.fromEntries(new URLSearchParams(body)) };
  if (contentType === 'application/json') {
    try {
      return { ...seen, json: JSON.parse(body) as unknown };
    } catch {
      return seen;
    }
  }
  return seen;
}

const FAULT_REPLIES: Partial<Record<FaultMode, Reply>> = {
  error5xx: text(503, 'Service Unavailable'),
  rate: { ...text(429, 'Too Many Requests'), headers: { 'retry-after': '60' } },
  html: { status: 200, type: 'text/html', body: LOGIN_PAGE_HTML },
};

/**
 * A small HTTP server for one provider dialect on 127.0.0.1: it records every request, can be
 * told to misbehave, and runs on a clock that can be skewed.
 */
export class DialectServer {
  readonly requests: SeenRequest[] = [];
  /**
   * The status of the answer each request got from its route: the server acted on it (a refresh
   * token was used up, say), whether or not the answer reached the client (`drop`, `cut`).
   * Canned fault answers (503, 429, HTML) act on nothing and are not here.
   */
  readonly handled = new Map<SeenRequest, number>();
  readonly issued: string[] = [];
  fault: Fault | undefined;
  /** Changes what the routes answer, for a test that needs a server to send something odd. */
  rewrite: ((reply: Reply) => Reply) | undefined;
  settings: Settings;
  url = '';
  private server: Server | undefined;
  private front: TcpServer | undefined;

  constructor(
    readonly name: string,
    private readonly routes: readonly Route[],
    settings: Partial<Settings> = {},
    private readonly rejectReply: Reply = json(400, { error: 'invalid_grant' }),
  ) {
    this.settings = { accessSeconds: 3600, refreshSeconds: 86_400, skewSeconds: 0, ...settings };
  }

  /** Server time in seconds, on the (possibly skewed) server clock. */
  nowSeconds(): number {
    return Math.floor(Date.now() / 1000) + this.settings.skewSeconds;
  }

  /** Every token it hands out is remembered, so a test can look for it in logs. */
  remember<T extends string>(token: T): T {
    this.issued.push(token);
    return token;
  }

  tokenRequests(path: string): SeenRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  /**
   * Listens on 127.0.0.1. With `tls`, the same port also speaks https (the first byte of each
   * connection tells a TLS handshake from plain http), so two origins differ by scheme alone.
   */
  async start(port = 0, tls?: { key: string; cert: string }): Promise<string> {
    const handler = (req: IncomingMessage, res: ServerResponse) => void this.dispatch(req, res);
    const plain = createServer(handler);
    this.server = plain;
    let listener: Server | TcpServer = plain;
    if (tls) {
      const secure = createHttpsServer(tls, handler);
      listener = createTcpServer((socket) => {
        socket.once('data', (first: Buffer) => {
          socket.pause();
          socket.unshift(first);
          // TLS reads a plain socket's handle directly, past what was put back; a stream wrapper
          // makes it read through the stream, first byte included.
          if (first[0] === 0x16)
            secure.emit('connection', Duplex.from({ readable: socket, writable: socket }));
          else plain.emit('connection', socket);
          socket.resume();
        });
      });
      this.front = listener;
    }
    await new Promise<void>((resolve) => listener.listen(port, '127.0.0.1', resolve));
    const { port: actual } = listener.address() as AddressInfo;
    this.url = `http://127.0.0.1:${actual}`;
    return this.url;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
    await new Promise<void>((resolve) => this.front?.close(() => resolve()) ?? resolve());
  }

  reset(): void {
    this.requests.length = 0;
    this.handled.clear();
    this.fault = undefined;
    this.rewrite = undefined;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = new URL(req.url ?? '/', this.url);
    const seen = parse(req, Buffer.concat(chunks).toString('utf8'), url);
    const route = this.routes.find(
      (r) => r.path === url.pathname && (r.method === 'ANY' || r.method === req.method),
    );
    if (!route) return this.send(res, text(404, 'Not Found'));
    this.requests.push(seen);
    const fault = route.faults ? this.takeFault() : undefined;
    if (fault?.mode === 'slow') await new Promise((r) => setTimeout(r, fault.delayMs ?? 5000));
    if (fault?.mode === 'reject') return this.send(res, this.rejectReply);
    if (fault?.mode === 'rate' && fault.retryAfterSeconds !== undefined) {
      const retryAfter = String(fault.retryAfterSeconds);
      return this.send(res, {
        ...text(429, 'Too Many Requests'),
        headers: { 'retry-after': retryAfter },
      });
    }
    const canned = fault && FAULT_REPLIES[fault.mode];
    if (canned) return this.send(res, canned);
    const handled = await route.handle(seen, this);
    const reply = handled !== 'drop' && this.rewrite ? this.rewrite(handled) : handled;
    if (reply !== 'drop') this.handled.set(seen, reply.status);
    if (reply === 'drop' || fault?.mode === 'drop') {
      res.socket?.destroy();
      return;
    }
    if (fault?.mode === 'cut') {
      res.writeHead(reply.status, { 'content-length': String(Buffer.byteLength(reply.body)) });
      res.write(reply.body.slice(0, Math.floor(reply.body.length / 2)), () =>
        res.socket?.destroy(),
      );
      return;
    }
    this.send(res, reply);
  }

  private takeFault(): Fault | undefined {
    const fault = this.fault;
    if (!fault) return undefined;
    if (fault.times !== undefined) {
      this.fault = fault.times > 1 ? { ...fault, times: fault.times - 1 } : undefined;
    }
    return fault;
  }

  private send(res: ServerResponse, reply: Reply): void {
    res.writeHead(reply.status, {
      ...(reply.type && { 'content-type': reply.type }),
      'cache-control': 'no-store',
      date: new Date(this.nowSeconds() * 1000).toUTCString(),
      ...reply.headers,
    });
    res.end(reply.body);
  }
}
