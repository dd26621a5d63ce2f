import type { PageErrorCode, PageReply } from './page-protocol';

/**
 * The terminal's one contract (docs/architecture.md, "The terminal"): the `token-keeper` command,
 * the native-messaging host the browser starts, and the worker all import it. The command sends a
 * request over the host's socket; the host relays it to the worker as `{ id, request }` and the
 * worker's `{ id, reply }` back. A token request is a page's request (`parsePageRequest`), so the
 * terminal is held to the same rules as a page; `status` names no token.
 */

/** The native-messaging host's name, as the browser looks it up in the host manifests. */
export const HOST_NAME = 'dev.token_keeper.host';

/** A request from the command line is one line of JSON of at most this many bytes. */
export const MAX_TERMINAL_REQUEST_BYTES = 16 * 1024;

/** What the worker says of each identity for `token-keeper status`: never a token. */
export interface TerminalIdentity {
  readonly provider: string;
  readonly name: string;
  /** The identity's name, when the provider holds several. */
  readonly identity?: string;
  readonly active: boolean;
  readonly state: string;
  /** Epoch milliseconds, when connected. */
  readonly expiresAt?: number;
  readonly refreshExpiresAt?: number;
  /** Whether the user allowed the terminal to get this provider's tokens. */
  readonly terminal: boolean;
}

export type TerminalReply =
  | PageReply
  | { readonly ok: true; readonly value: { readonly identities: readonly TerminalIdentity[] } };

/** A relayed message: the host numbers each request, the worker answers with the same number. */
export interface Relayed<T> {
  readonly id: number;
  readonly request?: T;
  readonly reply?: T;
}

/**
 * The command's exit codes, stable across releases (README, "The terminal"): what a script can
 * act on without reading the words.
 */
export const EXIT = {
  ok: 0,
  /** Anything the command did not expect (a bug): the words say what. */
  failed: 1,
  usage: 2,
  unreachable: 3,
  signIn: 4,
  notAllowed: 5,
  unknown: 6,
} as const;

/** The exit code for a refusal from the worker. */
export function exitFor(code: PageErrorCode): number {
  switch (code) {
    case 'denied':
      return EXIT.notAllowed;
    case 'unknown_provider':
    case 'unknown_identity':
      return EXIT.unknown;
    case 'needs_sign_in':
    case 'unavailable':
      return EXIT.signIn;
    case 'bad_request':
      return EXIT.usage;
    case 'not_installed':
    case 'timeout':
      return EXIT.unreachable;
  }
}
