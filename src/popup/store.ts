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
  /** The row whose token view is open (`rowKey`). */
  readonly open: string | undefined;
}

/** A row's key: its provider, and its identity when the provider shows one row per identity. */
export const rowKey = ({ id, identity }: ProviderView): string =>
  identity === undefined ? id : `${id}/${identity}`;

/** The identity a row's requests are about, when it knows one. */
const about = ({ identity }: ProviderView) => (identity === undefined ? {} : { identity });

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
    toggle: (key: string): void =>
      usePopup.setState((s) => ({ open: s.open === key ? undefined : key })),

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

    /**
     * Signs in: the provider's page in a window, or the user name and password given here. A row
     * of an identity signs in as that identity again; `add` signs in someone else beside it.
     */
    connect: (
      view: ProviderView,
      credentials?: { readonly username: string; readonly password: string },
      add = false,
    ): Promise<Failed> =>
      run(
        add ? `Sign in to ${view.name} as someone else` : `Connect ${view.name}`,
        () =>
          port.ask({
            type: 'connect',
            providerId: view.id,
            ...(add ? { add: {} } : about(view)),
            ...(credentials && { credentials }),
          }),
        (v) =>
          !add
            ? 'done'
            : v.added
              ? `signed in as ${v.name}; the active identity is unchanged (Use switches to it)`
              : `signed in as ${v.name} again: that identity was already here, its tokens are renewed`,
      ),

    /** Makes a row's identity the active one: the header and pages that name none get it. */
    use: (view: ProviderView): Promise<Failed> =>
      run(
        `Use ${view.name}`,
        () => port.ask({ type: 'useIdentity', providerId: view.id, identity: view.identity ?? '' }),
        () => 'it is now the active identity',
      ),

    /** Renames a row's identity; answers why not, for the name field. */
    rename: (view: ProviderView, name: string): Promise<Failed> =>
      run(
        `Rename ${view.name}`,
        () =>
          port.ask({
            type: 'renameIdentity',
            providerId: view.id,
            identity: view.identity ?? '',
            name,
          }),
        (v) => `now called ${v.name}`,
      ),

    /** A refresh now; `retryInterrupted` sends a refresh token whose last request got no answer. */
    refresh: (view: ProviderView, retryInterrupted: boolean): Promise<Failed> =>
      run(`Refresh ${view.name}`, () =>
        port.ask({
          type: 'refresh',
          providerId: view.id,
          ...about(view),
          ...(retryInterrupted && { retryInterrupted }),
        }),
      ),

    disconnect: (view: ProviderView): Promise<Failed> =>
      run(
        `Disconnect ${view.name}`,
        () => port.ask({ type: 'disconnect', providerId: view.id, ...about(view) }),
        (v) => v.message,
      ),

    /** Copies a token with at least 30 s to live, as the format wants it; says what it copied. */
    copy: async (view: ProviderView, format: CopyFormat): Promise<void> => {
      const { id, name, injecting } = view;
      let reply;
      try {
        reply = await port.ask({
          type: 'getToken',
          providerId: id,
          ...about(view),
          minValiditySeconds: 30,
        });
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

    /** A connected identity's decoded token and timeline, or nothing when it has none now. */
    inspect: async (view: ProviderView): Promise<Inspection | undefined> => {
      const reply = await port
        .ask({ type: 'inspect', providerId: view.id, ...about(view) })
        .catch(() => undefined);
      return reply?.ok ? reply.value : undefined;
    },

    /** A tester tool: the token counts as expired, or the provider's clock runs ahead. */
    tester: (view: ProviderView, action: TesterAction): Promise<Failed> =>
      run(
        'Tester',
        () => port.ask({ type: 'tester', providerId: view.id, ...about(view), action }),
        () =>
          action.kind === 'expire'
            ? 'the access token now counts as expired'
            : `the clock is shifted by ${action.seconds} s`,
      ),
  };
}
