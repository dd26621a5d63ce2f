import { describe, expect, it } from 'vitest';
import { fail, ok } from './failure';
import { explainSignInPage } from './sign-in-page';

const REDIRECT = 'https://enbedhajkpaoejmndjfijpeobcbaoepl.chromiumapp.org/';
const page = 'http://127.0.0.1:7105/auth';
const answered = (status: number, body: string) =>
  explainSignInPage({
    page,
    openable: undefined,
    redirectUri: REDIRECT,
    clientId: 'wrong-id',
    answer: ok({ status, headers: {}, body }),
    known: ['THE-API-KEY'],
  }).message;

/** oidc-provider's error page, as it renders one. */
const oidcProviderPage = (error: string, description: string) =>
  `<!DOCTYPE html><html><head><title>oops! something went wrong</title><style>h1{x:y}</style></head><body><div class="container"><h1>oops! something went wrong</h1><pre><strong>error</strong>: ${error}</pre><pre><strong>error_description</strong>: ${description}</pre></div></body></html>`;

describe('explainSignInPage', () => {
  it('says the provider’s own error and names an unknown client id', () => {
    expect(answered(400, oidcProviderPage('invalid_client', 'client is invalid'))).toBe(
      `The sign-in page at ${page} did not open: the provider answered “invalid_client (client is invalid)” (400). The provider does not know the client id “wrong-id”: check Client id in the options page.`,
    );
  });

  it('names the redirect URL to register when the page speaks of it', () => {
    const message = answered(
      400,
      oidcProviderPage(
        'invalid_redirect_uri',
        "redirect_uri did not match any of the client's registered redirect_uris",
      ),
    );
    expect(message).toContain(`register ${REDIRECT} for this client at the provider.`);
  });

  it('says a missing page is missing, with its title', () => {
    expect(answered(404, '<html><title>Not Found</title><p>nothing here</p></html>')).toBe(
      `The sign-in page at ${page} did not open: the provider answered “Not Found” (404). There is no sign-in page at that address: check the issuer (run Discover again) or the sign-in page address.`,
    );
  });

  it('says when nothing answered, and offers the page to open and the redirect URL to register', () => {
    const failure = explainSignInPage({
      page,
      openable: `${page}?client_id=c`,
      redirectUri: REDIRECT,
      clientId: 'c',
      answer: fail('transient', 'network', 'The provider could not be reached.'),
      known: [],
    });
    expect(failure.message).toBe(
      `The sign-in page at ${page} did not open: The provider could not be reached. Check the address, or start the server.`,
    );
    expect(failure.signInHelp).toEqual({ redirectUri: REDIRECT, page: `${page}?client_id=c` });
  });

  it('says plainly when it could not ask the provider why (no access to the sign-in host)', () => {
    const message = explainSignInPage({
      page,
      openable: undefined,
      redirectUri: REDIRECT,
      clientId: 'c',
      answer: fail('misconfigured', 'no_host_permission', 'Token Keeper may not reach it.'),
      known: [],
    }).message;
    expect(message).toContain('Token Keeper has no access to that host to ask');
  });

  it('masks a key the address carried when the page echoes it, and cuts a long page to one line', () => {
    const message = answered(403, `Unknown apiKey THE-API-KEY ${'word '.repeat(100)}`);
    expect(message).not.toContain('THE-API-KEY');
    expect(message.length).toBeLessThan(500);
  });
});
