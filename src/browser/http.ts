import browser from 'webextension-polyfill';
import { fail, ok } from '../core/failure';
import { matchPatterns } from '../core/match-patterns';
import { MAX_BODY_CHARS } from '../core/token-response';
import type { Http } from './ports';

/** Reads at most `limit` characters, so a huge body costs no more than that. */
async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let text = '';
  while (text.length <= limit) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += value;
  }
  await reader.cancel();
  return text;
}

function hostAllowed(url: string): Promise<boolean> {
  return browser.permissions.contains({ origins: matchPatterns([new URL(url).origin], false) });
}

const isTimeout = (error: unknown) =>
  error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError');

/**
 * Sends a request from the worker: no cookies, no cache, redirects not followed unless the request
 * asks (a token endpoint that redirects is sending us to a login page), and a timeout. Every request carries a token, a
 * secret or a password, so none leaves before the user is known to have given its host: a profile
 * that names another host (an imported one, say) gets nothing sent there. A request that got no
 * whole answer is marked `unanswered`: it may have reached the server all the same.
 */
export const http: Http = {
  async send(request, timeoutMs) {
    if (!(await hostAllowed(request.url))) {
      const { origin } = new URL(request.url);
      return fail(
        'misconfigured',
        'no_host_permission',
        `Token Keeper may not reach ${origin}; allow it in the options page. Nothing was sent.`,
      );
    }
    const sentAt = Date.now();
    const signal = AbortSignal.timeout(timeoutMs);
    const timedOut = () =>
      fail('transient', 'timeout', `The provider did not answer within ${timeoutMs / 1000} s.`, {
        unanswered: true,
      });
    let response: Response;
    try {
      response = await fetch(request.url, {
        method: request.method,
        headers: request.headers,
        ...(request.body !== undefined && { body: request.body }),
        redirect: request.followRedirects ? 'follow' : 'manual',
        credentials: 'omit',
        cache: 'no-store',
        signal,
      });
    } catch (error) {
      if (isTimeout(error)) return timedOut();
      return fail('transient', 'network', 'The provider could not be reached.', {
        unanswered: true,
      });
    }
    if (response.type === 'opaqueredirect') {
      return ok({ status: 302, headers: {}, body: '', sentAt });
    }
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name.toLowerCase()] = value;
    });
    let body: string;
    try {
      body = await readCapped(response, MAX_BODY_CHARS);
    } catch (error) {
      if (isTimeout(error)) return timedOut();
      return fail(
        'transient',
        'response_cut',
        `The connection closed before the provider's answer (${response.status}) was complete.`,
        { status: response.status, unanswered: true },
      );
    }
    const serverDate = headers['date'] === undefined ? Number.NaN : Date.parse(headers['date']);
    return ok({
      status: response.status,
      headers,
      body,
      sentAt,
      ...(Number.isFinite(serverDate) && { serverDate }),
      ...(response.redirected && { redirectedTo: response.url }),
    });
  },
};
