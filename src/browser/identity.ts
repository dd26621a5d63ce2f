import browser from 'webextension-polyfill';
import { fail, ok } from '../core/failure';
import type { Identity } from './ports';

/** Sign-in through the browser's own window (`identity.launchWebAuthFlow`), never a tab we own. */
export const identity: Identity = {
  redirectUri: browser.identity.getRedirectURL(),
  async launch(url) {
    try {
      const redirect = await browser.identity.launchWebAuthFlow({ url, interactive: true });
      return redirect
        ? ok(redirect)
        : fail('reauth', 'sign_in_cancelled', 'The sign-in was closed before it finished.');
    } catch {
      return fail('reauth', 'sign_in_cancelled', 'The sign-in was closed or could not load.');
    }
  },
};
