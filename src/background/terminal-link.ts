import type { Native, NativeLink } from '../browser/ports';
import { HOST_NAME } from '../shared/terminal-protocol';
import type { TerminalLinkState } from '../shared/protocol';

/** How often a worker checks that its host runs (Chromium's shortest alarm period). */
export const TERMINAL_ALARM = 'terminal-link';
export const TERMINAL_CHECK_MS = 30_000;

/** A host that ran this long and then ended is started again at once; sooner, at the next check. */
const STEADY_MS = 5_000;

/** What the host says first: the socket the command line reaches it on. */
const helloOf = (message: unknown): string | undefined => {
  const hello = (message as { hello?: { socket?: unknown } } | null)?.hello;
  return typeof hello?.socket === 'string' ? hello.socket : undefined;
};

/** A request the host relays: its number, and the request as the command line sent it. */
const relayedOf = (message: unknown): { id: number; request: unknown } | undefined => {
  const m = message as { id?: unknown; request?: unknown } | null;
  return typeof m?.id === 'number' && Number.isSafeInteger(m.id) && 'request' in m
    ? { id: m.id, request: m.request }
    : undefined;
};

/**
 * The worker's side of the terminal (docs/architecture.md, "The terminal"): while the user has
 * given `nativeMessaging`, one port to the host the browser starts, which relays the command
 * line's requests; each is answered by `handle` on the port it came from. An open port keeps a
 * Chromium worker running; a stopped worker's next start (an alarm every 30 s, at the latest)
 * opens a new one.
 */
export function terminalLink(
  native: Native,
  handle: (request: unknown) => Promise<unknown>,
  now: () => number,
) {
  let link: NativeLink | undefined;
  let state: TerminalLinkState = { kind: 'off' };

  function open(): void {
    const openedAt = now();
    const opened = native.connect(
      HOST_NAME,
      (message) => {
        const socket = helloOf(message);
        if (socket !== undefined) {
          state = { kind: 'connected', socket };
          return;
        }
        const relayed = relayedOf(message);
        if (!relayed) return;
        // A request the worker cannot answer still gets an answer: the command does not hang.
        void handle(relayed.request)
          .catch((error: unknown) => ({
            ok: false,
            error: { code: 'unavailable', message: `Token Keeper failed: ${String(error)}` },
          }))
          .then((reply) => {
            if (link === opened) opened.post({ id: relayed.id, reply });
          });
      },
      (reason) => {
        if (link !== opened) return;
        link = undefined;
        state = { kind: 'stopped', ...(reason !== undefined && { reason }) };
        if (now() - openedAt >= STEADY_MS) void ensure();
      },
    );
    link = opened;
    state = { kind: 'starting' };
  }

  /** Opens the port if the permission is there and none is open; closes it if not. */
  async function ensure(): Promise<TerminalLinkState> {
    const granted = await native.granted();
    if (granted && !link) open();
    if (!granted) {
      link?.close();
      link = undefined;
      state = { kind: 'off' };
    }
    return state;
  }

  return { ensure, state: () => state };
}
