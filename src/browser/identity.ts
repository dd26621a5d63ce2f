import browser from 'webextension-polyfill';
import { fail, ok } from '../core/failure';
import { PAGE_FAILED } from '../core/sign-in-page';
import type { Identity } from './ports';

/**
 * Sign-in through the browser's own window (`identity.launchWebAuthFlow`), never a tab we own.
 * Chromium rejects with "Authorization page could not be loaded." when the provider answers the
 * first page with an error status (a wrong client id, an unregistered redirect URL) or does not
 * answer: the window is never shown, so the user could not have closed it.
 */
export const identity: Identity = {
  redirectUri: browser.identity.getRedirectURL(),
  async launch(url) {
    try {
      const redirect = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      return redirect
        ? ok(redirect)
        : fail('reauth', 'sign_in_cancelled', 'The sign-in was closed before it finished.');
    } catch (error) {
      const said = error instanceof Error ? error.message : '';
      return /could not be loaded/i.test(said)
        ? fail('misconfigured', PAGE_FAILED, 'The sign-in page could not be loaded.')
        : fail('reauth', 'sign_in_cancelled', 'The sign-in was closed before it finished.');
    }
  },
};
