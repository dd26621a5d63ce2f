import type { Result } from '../core/failure';
import type { HttpRequest, HttpResponse } from '../core/http';
import type { Reply, Request } from '../shared/protocol';

/**
 * What the worker needs from the browser, each as a few functions so tests can pass plain fakes.
 * The implementations beside this file are thin wrappers over webextension-polyfill.
 */

/** One storage area (`storage.local` or `storage.session`). */
export interface KeyValueArea {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

export interface Alarms {
  /** When the alarm is set for, or `undefined` when there is none. */
  scheduledAt(name: string): Promise<number | undefined>;
  /** Fires at `when`, then every `repeatMs` (if given) until set again or cleared. */
  set(name: string, when: number, repeatMs?: number): Promise<void>;
  clear(name: string): Promise<void>;
}

/** A response with the local time its request was sent and the server's `Date`, if any. */
export interface Sent extends HttpResponse {
  readonly sentAt: number;
  readonly serverDate?: number;
}

export interface Http {
  /** Gives up after `timeoutMs` without an answer (a failure marked `unanswered`). */
  send(request: HttpRequest, timeoutMs: number): Promise<Result<Sent>>;
}

export interface Identity {
  readonly redirectUri: string;
  /**
   * Opens the provider's sign-in page; resolves with the URL it redirected back to. Not
   * `interactive`: no window is shown, and a page that waits for the user fails.
   */
  launch(url: string, interactive?: boolean): Promise<Result<string>>;
}

export interface Attention {
  /** The toolbar badge: how many providers need the user. */
  badge(count: number): Promise<void>;
  /**
   * Shows a notification; `button` names what clicking it (or its button, where the browser draws
   * buttons) does, which the worker hears as `onNotificationAction`.
   */
  notify(id: string, title: string, message: string, button?: string): Promise<void>;
}

export interface Clock {
  now(): number;
  random(): number;
}

/** An open native-messaging port. */
export interface NativeLink {
  post(message: unknown): void;
  close(): void;
}

/** Native messaging: the terminal's way in (docs/architecture.md, "The terminal"). */
export interface Native {
  /** Whether the user gave the optional `nativeMessaging` permission. */
  granted(): Promise<boolean>;
  /** Starts the host `name`; `onClose` gets the browser's reason when it could not, or it ended. */
  connect(
    name: string,
    onMessage: (message: unknown) => void,
    onClose: (reason: string | undefined) => void,
  ): NativeLink;
  /** Any optional permission given or taken back. */
  onPermissionChange(listener: () => void): void;
}

/** One holder at a time per name, across the worker's events (Web Locks). */
export type Locks = <T>(name: string, task: () => Promise<T>) => Promise<T>;

/**
 * What an extension page (the popup, the options page) needs from the browser: its store takes
 * it as a parameter, as the worker's handlers take `Deps`, so tests pass plain fakes.
 */
export interface PagePort {
  /** Asks the worker; rejects when no worker answered (stopped, or the extension reloaded). */
  ask<R extends Request>(request: R): Promise<Reply<R['type']>>;
  /** The worker's status snapshot now, then each new one (`STATUS_SNAPSHOT`). */
  watchStatus(listener: (value: unknown) => void): Promise<void>;
  /** Puts text on the clipboard; rejects with the browser's reason. */
  copyText(text: string): Promise<void>;
  /** Asks for host permissions, inside the user's click (`requestHosts`). */
  requestHosts(origins: readonly string[]): Promise<boolean>;
  /** Asks for `nativeMessaging` (the terminal), inside the user's click; or gives it back. */
  requestNative(): Promise<boolean>;
  removeNative(): Promise<boolean>;
}
