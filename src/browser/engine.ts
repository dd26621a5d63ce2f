import browser from 'webextension-polyfill';

/**
 * Whether this is Firefox: its extension API refuses options it does not know (Chromium's
 * notification buttons, `timeoutMsForNonInteractive`), so those are left out there.
 */
export const isFirefox = (): boolean => browser.runtime.getURL('').startsWith('moz-extension:');
