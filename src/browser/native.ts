import browser from 'webextension-polyfill';
import type { Native } from './ports';

const permission = (): { permissions: ['nativeMessaging'] } => ({
  permissions: ['nativeMessaging'],
});

/** The browser's reason a native port closed: Firefox puts it on the port, Chromium in lastError. */
function closedBecause(port: { error?: { message?: string } | null }): string | undefined {
  const chromium = (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } })
    .chrome?.runtime?.lastError;
  return port.error?.message ?? chromium?.message;
}

/** Native messaging, over webextension-polyfill (`nativeMessaging` is an optional permission). */
export const native: Native = {
  granted: () => browser.permissions.contains(permission()),
  connect(name, onMessage, onClose) {
    const port = browser.runtime.connectNative(name);
    port.onMessage.addListener((message: unknown) => onMessage(message));
    port.onDisconnect.addListener(() => onClose(closedBecause(port)));
    return { post: (message) => port.postMessage(message), close: () => port.disconnect() };
  },
  onPermissionChange(listener) {
    browser.permissions.onAdded.addListener(() => listener());
    browser.permissions.onRemoved.addListener(() => listener());
  },
};

/** Asks for `nativeMessaging`, inside the user's click (`requestHosts` says why). */
export const requestNative = (): Promise<boolean> => browser.permissions.request(permission());

/** Gives `nativeMessaging` back: terminal access is off for every provider. */
export const removeNative = (): Promise<boolean> => browser.permissions.remove(permission());
