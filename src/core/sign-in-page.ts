import { failure, type Failure, type Result } from './failure';
import type { HttpResponse } from './http';
import { maskValues, redact } from './mask';

/** What a browser says when a sign-in page answered with an error or did not load at all. */
export const PAGE_FAILED = 'sign_in_page_failed' as const;

/** An HTML page's words: no scripts or styles, no tags, the common entities read, one line. */
function pageText(html: string): string {
  return html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

/** An OAuth error as error pages print it: `error: invalid_client error_description: …`. */
function oauthErrorIn(text: string): string | undefined {
  const code = /\berror\s*[:=]\s*([a-z_]+)/i.exec(text)?.[1];
  if (code === undefined) return undefined;
  const description =
    /\berror_description\s*[:=]\s*(.+?)(?=\s+\b(?:error|state|iss)\w*\s*[:=]|$)/i.exec(text)?.[1];
  return description === undefined ? code : `${code} (${description})`;
}

/** What the page says, in at most one line: its OAuth error, else its title, else its start. */
function said(res: HttpResponse): string {
  const text = pageText(res.body);
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(res.body)?.[1];
  const words = oauthErrorIn(text) ?? (title && pageText(title)) ?? text;
  return words === '' ? `an empty page (${res.status})` : `“${redact(words, 160)}” (${res.status})`;
}

/** The likely cause, in the options form's words, from what the page says. */
function cause(res: HttpResponse, input: SignInPageInput): string {
  const text = pageText(res.body).toLowerCase();
  if (/redirect[ _-]?ur[il]/.test(text))
    return `The provider does not accept Token Keeper's redirect URL: register ${input.redirectUri} for this client at the provider.`;
  if (
    /invalid_client|unauthorized_client|client (?:id )?(?:not found|is invalid|unknown)|unknown client/.test(
      text,
    )
  )
    return `The provider does not know the client id “${input.clientId ?? ''}”: check Client id in the options page.`;
  if (res.status === 404)
    return 'There is no sign-in page at that address: check the issuer (run Discover again) or the sign-in page address.';
  return 'Check the client id, the issuer and the redirect URL registered at the provider.';
}

export interface SignInPageInput {
  /** The sign-in page, without its query (which holds single-use values and, for some, a key). */
  readonly page: string;
  /** The whole address, to open in a tab, when it holds no secret. */
  readonly openable: string | undefined;
  readonly redirectUri: string;
  readonly clientId: string | undefined;
  /** The page fetched again by the worker, or why that could not be done. */
  readonly answer: Result<HttpResponse>;
  /** Secret values the address carried (UiTiD's API key), masked wherever the page echoes them. */
  readonly known: readonly string[];
}

/**
 * Why a sign-in window could not show the provider's page. The browser only says that the page
 * "could not be loaded" (an error status or no answer); the worker asks the same URL once more, and
 * this reads what the provider said there and names the likely cause.
 */
export function explainSignInPage(input: SignInPageInput): Failure {
  const { answer } = input;
  const opening = `The sign-in page at ${input.page} did not open:`;
  const signInHelp = {
    signInHelp: {
      redirectUri: input.redirectUri,
      ...(input.openable !== undefined && { page: input.openable }),
    },
  };
  if (!answer.ok)
    return failure(
      'misconfigured',
      PAGE_FAILED,
      answer.error.code === 'no_host_permission'
        ? `${opening} the browser gave no reason, and Token Keeper has no access to that host to ask. Open the sign-in page in a tab to see what the provider says; check the client id, the issuer and the redirect URL registered there.`
        : `${opening} ${answer.error.message} Check the address, or start the server.`,
      signInHelp,
    );
  const page = { ...answer.value, body: maskValues(answer.value.body, input.known) };
  return failure(
    'misconfigured',
    PAGE_FAILED,
    `${opening} the provider answered ${said(page)}. ${cause(page, input)}`,
    signInHelp,
  );
}
