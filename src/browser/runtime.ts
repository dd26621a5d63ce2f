import browser from 'webextension-polyfill';
import type { Runtime } from 'webextension-polyfill';

/** This extension, as the browser names it. */
export const extension = { id: browser.runtime.id, origin: browser.runtime.getURL('') };

export interface Sender {
  readonly id?: string;
  readonly url?: string;
}

/** Registers the one message listener; `undefined` from the handler leaves a message unanswered. */
export function onMessage(
  handler: (message: unknown, sender: Sender) => Promise<unknown> | undefined,
): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Runtime.MessageSender) =>
    handler(message, {
      ...(sender.id !== undefined && { id: sender.id }),
      ...(sender.url !== undefined && { url: sender.url }),
    }),
  );
}

export function openOptionsPage(): Promise<void> {
  return browser.runtime.openOptionsPage();
}
