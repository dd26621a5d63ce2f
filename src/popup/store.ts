import { create } from 'zustand';
import type { Failure, Result } from '../core/failure';
import type { PagePort } from '../browser/ports';
import {
  isStatusSnapshot,
  type Inspection,
  type ProviderView,
  type TesterAction,
} from '../shared/protocol';
import { tick } from './clock';
import { API_URL_PLACEHOLDER, COPY_FORMATS, type CopyFormat } from './copy-formats';

interface PopupState {
  /** `undefined` until the snapshot or the worker said: the popup then shows no list at all. */
  readonly providers: readonly ProviderView[] | undefined;
  readonly message: string;
  /** The provider whose token view is open. */
  readonly open: string | undefined;
}

/** Why an action failed, as a row shows it: the reason, and help for a sign-in page. */
export type Failed = Pick<Failure, 'message' | 'signInHelp'> | undefined;

/**
 * The popup's state and every action it takes, over `port` (the browser's, or a test's). The
 * popup only mirrors what the worker stored; it never writes tokens itself. Components render the
 * state and call the actions; none of them talks to the worker.
 */
export function createPopup(port: PagePort) {
  const usePopup = create<PopupState>(() => ({
    providers: undefined,
    message: '',
    open: undefined,
  }));
  const say = (message: string): void => usePopup.setState({ message });
  const show = (providers: readonly ProviderView[]) => {
    tick();
    usePopup.setState({ providers });
  };
  /** The browser's reason (no focus, no permission) names no token. */
  const clipboardRefused = (error: unknown) =>
    say(`Copy: the browser refused the clipboard (${String(error)})`);
  /** Counts the snapshots seen, so that an answer asked for before the latest one is not shown. */
  let snapshots = 0;

  /** Asks the worker for every provider's state (waking it if it was stopped) and shows it. */
  async function reload(): Promise<void> {
    const before = snapshots;
    const reply = await port.ask({ type: 'status' });
    if (reply.ok && snapshots === before) show(reply.value.providers);
  }

  /**
   * Says how an action ended: done (or what `done` says of it), the worker's reason, or that no
   * answer came (the worker was stopped, or the extension reloaded, while it worked). Answers
   * why it failed, if it did.
   */
  async function run<T>(
    label: string,
    action: () => Promise<Result<T>>,
    done: (value: T) => string = () => 'done',
  ): Promise<Failed> {
    try {
      const reply = await action();
      say(reply.ok ? `${label}: ${done(reply.value)}` : `${label}: ${reply.error.message}`);
      return reply.ok ? undefined : reply.error;
    } catch (error) {
      const message = `no answer from Token Keeper's worker (${String(error)}); try again`;
      say(`${label}: ${message}`);
      // Asking again starts a new worker, whose start-up settles what the old one left half done.
      await reload().catch(() => undefined);
      return { message };
    }
  }

  return {
    usePopup,
    say,
    reload,
    toggle: (id: string): void =>
      usePopup.setState((s) => ({ open: s.open === id ? undefined : id })),

    /**
     * Shows the worker's status snapshot at once, without waking the worker, and each snapshot
     * after it; then asks the worker once, whose answer stands unless a newer snapshot came
     * meanwhile (docs/architecture.md, "The popup's snapshot").
     */
    follow: async (): Promise<void> => {
      // A snapshot that cannot be read leaves the worker's answer, which is asked for all the same.
      await port
        .watchStatus((value) => {
          if (!isStatusSnapshot(value)) return;
          snapshots += 1;
          show(value.providers);
        })
        .catch(() => undefined);
      await reload();
    },

    /** Signs in: the provider's page in a window, or the user name and password given here. */
    connect: (
      { id, name }: ProviderView,
      credentials?: { readonly username: string; readonly password: string },
    ): Promise<Failed> =>
      run(`Connect ${name}`, () =>
        port.ask(
          credentials
            ? { type: 'connect', providerId: id, credentials }
            : { type: 'connect', providerId: id },
        ),
      ),

    /** A refresh now; `retryInterrupted` sends a refresh token whose last request got no answer. */
    refresh: ({ id, name }: ProviderView, retryInterrupted: boolean): Promise<Failed> =>
      run(`Refresh ${name}`, () =>
        port.ask(
          retryInterrupted
            ? { type: 'refresh', providerId: id, retryInterrupted }
            : { type: 'refresh', providerId: id },
        ),
      ),

    disconnect: ({ id, name }: ProviderView): Promise<Failed> =>
      run(
        `Disconnect ${name}`,
        () => port.ask({ type: 'disconnect', providerId: id }),
        (v) => v.message,
      ),

    /** Copies a token with at least 30 s to live, as the format wants it; says what it copied. */
    copy: async ({ id, name, injecting }: ProviderView, format: CopyFormat): Promise<void> => {
      let reply;
      try {
        reply = await port.ask({ type: 'getToken', providerId: id, minValiditySeconds: 30 });
      } catch (error) {
        return say(`Copy: no answer from Token Keeper's worker (${String(error)}); try again`);
      }
      if (!reply.ok) return say(`Copy: ${reply.error.message}`);
      const api = injecting?.[0];
      try {
        await port.copyText(COPY_FORMATS[format](reply.value.accessToken, api));
      } catch (error) {
        return clipboardRefused(error);
      }
      say(
        format === 'curl' && api === undefined
          ? `Copied the ${name} curl; its profile has no API prefix, so replace ${API_URL_PLACEHOLDER} with your API's URL`
          : `Copied the ${name} ${format === 'token' ? 'token' : format}`,
      );
    },

    /** The redirect URL a provider needs registered, on the clipboard. */
    copyRedirect: (redirectUri: string): Promise<void> =>
      port
        .copyText(redirectUri)
        .then(() => say(`Copied the redirect URL to register: ${redirectUri}`), clipboardRefused),

    /** A connected provider's decoded token and timeline, or nothing when it has none now. */
    inspect: async (id: string): Promise<Inspection | undefined> => {
      const reply = await port.ask({ type: 'inspect', providerId: id }).catch(() => undefined);
      return reply?.ok ? reply.value : undefined;
    },

    /** A tester tool: the token counts as expired, or the provider's clock runs ahead. */
    tester: (id: string, action: TesterAction): Promise<Failed> =>
      run(
        'Tester',
        () => port.ask({ type: 'tester', providerId: id, action }),
        () =>
          action.kind === 'expire'
            ? 'the access token now counts as expired'
            : `the clock is shifted by ${action.seconds} s`,
      ),
  };
}
