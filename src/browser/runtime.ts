import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';

/** This extension, as the browser names it. */
export const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('') };

export interface Sender {
  readonly id?: string;
  readonly url?: string;
  /** The sending frame's origin as the browser knows it (never what the page says). */
  readonly origin?: string;
  /** Sent from a tab: a content script or a web page, not an extension page. */
  readonly fromTab: boolean;
}

/** The browser's own account of a sender; Firefox gives no `origin`, so it comes from the URL. */
function toSender(sender: Runtime.MessageSender): Sender {
  const origin =
    (sender as { origin?: string }).origin ?? (sender.url ? new URL(sender.url).origin : undefined);
  return {
    fromTab: sender.tab !== undefined,
    ...(sender.id !== undefined && { id: sender.id }),
    ...(sender.url !== undefined && { url: sender.url }),
    ...(origin !== undefined && { origin }),
  };
}

/** Registers the one message listener; `undefined` from the handler leaves a message unanswered. */
export function onMessage(
  handler: (message: unknown, sender: Sender) => Promise<unknown> | undefined,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handler(message, toSender(sender)),
  );
}

/** Messages from web pages (`externally_connectable`); absent in Firefox. */
export function onExternalMessage(
  handler: (message: unknown, sender: Sender) => Promise<unknown>,
): void {
  (
    browser.runtime.onMessageExternal as typeof browser.runtime.onMessageExternal | undefined
  )?.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handler(message, toSender(sender)),
  );
}

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}

/** Runs once, when the extension is first installed (not on update or browser start). */
export function onFirstInstall(handler: () => void): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') handler();
  });
}

/**
 * Runs when the browser starts with this profile and when the extension is installed or updated.
 * Having these listeners is what makes the browser start the worker then, with nothing else
 * waking it.
 */
export function onBrowserStartOrInstall(handler: () => void): void {
  browser.runtime.onStartup.addListener(handler);
  browser.runtime.onInstalled.addListener(handler);
}
