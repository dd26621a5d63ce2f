/**
 * Token Keeper's page SDK: ask the browser extension for a current access token. The page never
 * sees a refresh token, and gets anything only after the user allowed its exact origin.
 *
 *   import { getToken } from './token-keeper.js';
 *   const { accessToken } = await getToken('keycloak', { minValiditySeconds: 60 });
 *   // One of the provider's identities, by the name the popup shows:
 *   const admin = await getToken({ provider: 'keycloak', identity: 'admin' });
 */

import {
  ANSWER_TIMEOUT_MS,
  BRIDGE_CHANNEL,
  EXTENSION_ID,
  PAGE_CHANNEL,
  envelope,
  pageError,
  type AccessToken,
  type PageErrorCode,
  type PageReply,
} from '../shared/page-protocol';

export { EXTENSION_ID };
export type TokenKeeperErrorCode = PageErrorCode;
/** An access token and when it expires (epoch milliseconds). */
export type PageToken = AccessToken;

export class TokenKeeperError extends Error {
  constructor(
    readonly code: TokenKeeperErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TokenKeeperError';
  }
}

export interface TokenOptions {
  /**
   * The token must stay valid at least this long; Token Keeper refreshes first if needed. At most
   * half the token's lifetime is honoured, so that no page can make every call a refresh.
   */
  readonly minValiditySeconds?: number;
  /** Give up after this long. The first request waits for the user's answer: default 2 minutes. */
  readonly timeoutMs?: number;
  /**
   * The extension's id, for Chrome pages on localhost that reach it directly: the id this SDK was
   * built for unless given (a store build's id, when the SDK was built without it).
   */
  readonly extensionId?: string;
}

/**
 * Which token a page asks for: a provider's (its active identity's), or one of its identities',
 * named as the popup shows it.
 */
export type TokenTarget = string | { readonly provider: string; readonly identity?: string };

type Reply = PageReply;
type Send = (request: unknown) => Promise<Reply>;

interface ExternalRuntime {
  sendMessage(id: string, message: unknown, callback: (reply: unknown) => void): void;
  lastError?: unknown;
}

/**
 * Chrome on localhost: `externally_connectable`, straight to the extension `id`. Without an id
 * (a keyless build not told its store id) only the bridge can reach it.
 */
function externalTransport(id: string | undefined): Send | undefined {
  const runtime = (globalThis as { chrome?: { runtime?: ExternalRuntime } }).chrome?.runtime;
  if (id === undefined || typeof runtime?.sendMessage !== 'function') return undefined;
  return (request) =>
    new Promise((resolve) => {
      runtime.sendMessage(id, envelope(request), (reply) => {
        if (runtime.lastError !== undefined || reply === undefined) {
          resolve(pageError('not_installed', 'Token Keeper is not installed.'));
        } else resolve(reply as Reply);
      });
    });
}

let bridgeReady: Promise<boolean> | undefined;

/** Any browser: the content-script bridge, on sites the user allowed. Waits for its handshake. */
function waitForBridge(waitMs: number): Promise<boolean> {
  bridgeReady ??= new Promise((resolve) => {
    const onMessage = (event: MessageEvent<{ channel?: string; type?: string } | null>) => {
      if (event.source !== window || event.origin !== window.location.origin) return;
      if (event.data?.channel === BRIDGE_CHANNEL && event.data.type === 'ready') {
        window.removeEventListener('message', onMessage);
        resolve(true);
      }
    };
    window.addEventListener('message', onMessage);
    window.postMessage({ channel: PAGE_CHANNEL, type: 'hello' }, window.location.origin);
    setTimeout(() => {
      window.removeEventListener('message', onMessage);
      bridgeReady = undefined;
      resolve(false);
    }, waitMs);
  });
  return bridgeReady;
}

const bridgeTransport: Send = (request) =>
  new Promise((resolve) => {
    const id = crypto.randomUUID();
    const onMessage = (
      event: MessageEvent<{ channel?: string; id?: string; reply?: Reply } | null>,
    ) => {
      if (event.source !== window || event.origin !== window.location.origin) return;
      if (event.data?.channel !== BRIDGE_CHANNEL || event.data.id !== id || !event.data.reply)
        return;
      window.removeEventListener('message', onMessage);
      resolve(event.data.reply);
    };
    window.addEventListener('message', onMessage);
    window.postMessage({ channel: PAGE_CHANNEL, id, request }, window.location.origin);
  });

async function send(request: unknown, options: TokenOptions): Promise<Reply> {
  const timeoutMs = options.timeoutMs ?? ANSWER_TIMEOUT_MS;
  const external = externalTransport(options.extensionId ?? EXTENSION_ID);
  const attempt = async (): Promise<Reply> => {
    if (external) {
      const reply = await external(request);
      if (reply.ok || reply.error.code !== 'not_installed') return reply;
    }
    if (await waitForBridge(1500)) return bridgeTransport(request);
    return pageError(
      'not_installed',
      'Token Keeper is not installed, or this site is not allowed to ask it.',
    );
  };
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Reply>((resolve) => {
    timer = setTimeout(
      () => resolve(pageError('timeout', `No answer within ${timeoutMs} ms.`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([attempt(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * A current access token for a provider (its active identity, or the one named), or a
 * `TokenKeeperError` that says why not.
 */
export function getToken(target: TokenTarget, options: TokenOptions = {}): Promise<PageToken> {
  return ask(target, options);
}

/**
 * Your API refused `token` (a 401, or `WWW-Authenticate: Bearer error="invalid_token"`): Token
 * Keeper refreshes it if it is still the current one, once per token however often it is
 * reported, and answers a current token (the same one when it could not be replaced yet; then
 * the popup says why).
 */
export function tokenRejected(
  target: TokenTarget,
  token: Pick<PageToken, 'accessToken'>,
  options: TokenOptions = {},
): Promise<PageToken> {
  return ask(target, options, token.accessToken);
}

async function ask(
  target: TokenTarget,
  options: TokenOptions,
  rejected?: string,
): Promise<PageToken> {
  const { provider, identity } = typeof target === 'string' ? { provider: target } : target;
  const request = {
    type: 'getToken',
    provider,
    ...(identity !== undefined && { identity }),
    minValiditySeconds: options.minValiditySeconds ?? 0,
    ...(rejected !== undefined && { rejected }),
  };
  const reply = await send(request, options);
  if (!reply.ok) throw new TokenKeeperError(reply.error.code, reply.error.message);
  return reply.value;
}

/**
 * Calls `listener` with a token now and with each new one: it asks again shortly before the
 * current token has less than `minValiditySeconds` left. Returns a function that stops it.
 */
export function onTokenChange(
  provider: TokenTarget,
  listener: (token: PageToken) => void,
  options: TokenOptions & { onError?: (error: TokenKeeperError) => void } = {},
): () => void {
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let last: string | undefined;
  const minMs = (options.minValiditySeconds ?? 0) * 1000;
  const next = async () => {
    try {
      const token = await getToken(provider, options);
      if (stopped) return;
      if (token.accessToken !== last) {
        last = token.accessToken;
        listener(token);
      }
      timer = setTimeout(
        () => void next(),
        Math.max(1000, token.expiresAt - Date.now() - minMs - 5000),
      );
    } catch (error) {
      if (stopped) return;
      options.onError?.(
        error instanceof TokenKeeperError
          ? error
          : new TokenKeeperError('unavailable', String(error)),
      );
      timer = setTimeout(() => void next(), 30_000);
    }
  };
  void next();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
