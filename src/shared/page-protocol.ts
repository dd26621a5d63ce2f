import { PROVIDER_ID } from '../core/profile/types';

/**
 * The page path's one contract (docs/architecture.md, "Pages and consent"): the SDK in a web page,
 * the bridge content script and the worker all import it, so the three cannot drift apart.
 * The SDK bundle keeps only what it uses of it.
 */

/** Set by the build (vite's `define`): the id of the extension this build is. */
declare const __TOKEN_KEEPER_EXTENSION_ID__: string | null;

/**
 * The Token Keeper extension's id, a build input: the development key's
 * (`enbedhajkpaoejmndjfijpeobcbaoepl`) unless the build was given another key, or none and the
 * store's id (`undefined` when a keyless build was not told it).
 */
export const EXTENSION_ID: string | undefined = __TOKEN_KEEPER_EXTENSION_ID__ ?? undefined;

/** `window.postMessage` channel from a page to the bridge. */
export const PAGE_CHANNEL = 'token-keeper:page';
/** `window.postMessage` channel from the bridge back to the page. */
export const BRIDGE_CHANNEL = 'token-keeper:bridge';

/** What reaches the worker, by the bridge or by `externally_connectable`: a page's request. */
export interface PageEnvelope {
  readonly channel: 'page';
  readonly request: unknown;
}
export const envelope = (request: unknown): PageEnvelope => ({ channel: 'page', request });
export const isEnvelope = (message: unknown): message is PageEnvelope =>
  (message as { channel?: unknown } | null)?.channel === 'page';

/** A page's request, as JSON, is at most this long. */
export const MAX_PAGE_REQUEST_CHARS = 64 * 1024;

/**
 * How long the user has to answer a consent window, and so how long a page waits by default for
 * its first answer.
 */
export const ANSWER_TIMEOUT_MS = 120_000;

/** What a web page may ask. Anything else it sends is refused. */
export interface PageRequest {
  readonly type: 'getToken';
  readonly provider: string;
  /** One of the provider's identities, by the name the popup shows; its active one if absent. */
  readonly identity?: string;
  readonly minValiditySeconds: number;
  /**
   * The access token the page's API refused (401): if it is still the current one, Token Keeper
   * refreshes first, once per token (`tokenRejected` in the SDK).
   */
  readonly rejected?: string;
}

/** An identity's name as a page gives it: one line, at most this long. */
export const MAX_IDENTITY_CHARS = 80;

/** An access token as the page (and the popup's Copy) gets it: nothing else of the provider's. */
export interface AccessToken {
  readonly accessToken: string;
  readonly tokenType: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export type PageErrorCode =
  | 'not_installed'
  | 'denied'
  | 'unknown_provider'
  | 'unknown_identity'
  | 'needs_sign_in'
  | 'timeout'
  | 'bad_request'
  | 'unavailable';

/** What a page is told: an access token and its expiry, or a reason. Never anything else. */
export type PageReply =
  | { readonly ok: true; readonly value: AccessToken }
  | {
      readonly ok: false;
      readonly error: { readonly code: PageErrorCode; readonly message: string };
    };

export const pageError = (code: PageErrorCode, message: string): PageReply => ({
  ok: false,
  error: { code, message },
});

/** Narrows a page's message; the page is untrusted, so this is strict and small. */
export function parsePageRequest(
  message: unknown,
): { readonly ok: true; readonly value: PageRequest } | Extract<PageReply, { ok: false }> {
  const bad = (why: string) =>
    ({ ok: false, error: { code: 'bad_request', message: why } }) as const;
  let size: number;
  try {
    size = JSON.stringify(message).length;
  } catch {
    return bad('The request is not plain data.');
  }
  if (size > MAX_PAGE_REQUEST_CHARS) return bad('The request is larger than 64 KB.');
  if (typeof message !== 'object' || message === null) return bad('The request must be an object.');
  const m = message as Record<string, unknown>;
  if (m['type'] !== 'getToken') return bad('Unknown request type.');
  const provider = m['provider'];
  if (typeof provider !== 'string' || !PROVIDER_ID.test(provider))
    return bad('A provider id is needed.');
  const min = m['minValiditySeconds'] ?? 0;
  if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 86_400) {
    return bad('minValiditySeconds must be 0 to 86400.');
  }
  const identity = m['identity'];
  if (
    identity !== undefined &&
    (typeof identity !== 'string' ||
      identity.trim() === '' ||
      identity.length > MAX_IDENTITY_CHARS ||
      /[\n\r]/.test(identity))
  )
    return bad(
      `An identity is named by its name, one line of at most ${MAX_IDENTITY_CHARS} characters.`,
    );
  const rejected = m['rejected'];
  if (rejected !== undefined && (typeof rejected !== 'string' || rejected === ''))
    return bad('rejected is the access token the API refused.');
  return {
    ok: true,
    value: {
      type: 'getToken',
      provider,
      ...(identity !== undefined && { identity }),
      minValiditySeconds: min,
      ...(rejected !== undefined && { rejected }),
    },
  };
}
