import browser from 'webextension-polyfill';
import { fail, ok } from '../core/failure';
import { PAGE_FAILED } from '../core/sign-in-page';
import { isFirefox } from './engine';
import type { Identity } from './ports';

/** How long a sign-in without a window may take. */
const SILENT_TIMEOUT_MS = 10_000;

/**
 * Sign-in through the browser's own window (`identity.launchWebAuthFlow`), never a tab we own.
 * Chromium rejects with "Authorization page could not be loaded." when the provider answers the
 * first page with an error status (a wrong client id, an unregistered redirect URL) or does not
 * answer: the window is never shown, so the user could not have closed it.
 */
export const identity: Identity = {
  redirectUri: browser.identity.getRedirectURL(),
  async launch(url, interactive = true) {
    try {
      // Without a window, Chromium gives up when the first page has loaded without sending the
      // browser on (a login page), or after this long; Firefox follows the redirects with the
      // browser's cookies and fails on the first page that does not redirect.
      const details =
        interactive || isFirefox()
          ? { url, interactive }
          : { url, interactive, timeoutMsForNonInteractive: SILENT_TIMEOUT_MS };
      const redirect = await browser.identity.launchWebAuthFlow(details);
      return redirect
        ? ok(redirect)
        : fail('reauth', 'sign_in_cancelled', 'The sign-in was closed before it finished.');
    } catch (error) {
      const said = error instanceof Error ? error.message : '';
      if (!interactive)
        return fail(
          'reauth',
          'sign_in_needed',
          `the provider wants you to sign in (${said || 'no answer without a window'})`,
        );
      return /could not be loaded/i.test(said)
        ? fail('misconfigured', PAGE_FAILED, 'The sign-in page could not be loaded.')
        : fail('reauth', 'sign_in_cancelled', 'The sign-in was closed before it finished.');
    }
  },
};
