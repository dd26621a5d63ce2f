import type { Result } from '../core/failure';
import { authenticate } from '../core/client-auth';
import type { HttpRequest } from '../core/http';
import { maskValues } from '../core/mask';
import { requestTimeoutMs, type Profile } from '../core/profile/types';
import { secretValues } from '../core/profile/vars';
import { readTokenResponse, type GrantType } from '../core/token-response';
import type { TokenSet } from '../core/token-set';
import type { Sent } from '../browser/ports';
import type { Deps } from './deps';

/** One request to a token endpoint and its response, as "Test refresh" shows them. */
export interface Exchange {
  readonly request: HttpRequest;
  readonly response?: Sent;
  /** From the request going out to its answer read, when there was one. */
  readonly ms?: number;
}

export interface ExchangeOptions {
  /**
   * The secret values the request carried (a refresh token, a password): a server that echoes
   * one in its error has it masked there, however short, before the reason is stored or shown.
   */
  readonly known: readonly (string | undefined)[];
  /** The sign-in's OpenID Connect `nonce`, which the ID token must carry back. */
  readonly nonce?: string;
  /** Hears the exact request and response ("Test refresh" shows them, masked). */
  readonly onExchange?: ((exchange: Exchange) => void) | undefined;
}

/**
 * A server that refuses a client sent with HTTP Basic often takes the same credentials in the form
 * body (or the other way round): say which setting to try, in the options form's words.
 */
function howToSwitch(profile: Profile, code: string): string {
  const { auth } = profile.client;
  if (code !== 'invalid_client') return '';
  if (auth === 'client_secret_basic')
    return ' The client id and secret went in the Authorization header (client_secret_basic); if the server expects them in the form body, set Client authentication to client_secret_post in the options page.';
  if (auth === 'client_secret_post')
    return ' The client id and secret went in the form body (client_secret_post); if the server expects them in the Authorization header, set Client authentication to client_secret_basic in the options page.';
  return '';
}

/** Sends a token endpoint request and reads the answer, timed from when it was sent. */
export async function exchange(
  deps: Deps,
  profile: Profile,
  grant: GrantType,
  request: Result<HttpRequest>,
  { known, nonce, onExchange }: ExchangeOptions,
): Promise<Result<TokenSet>> {
  if (!request.ok) return request;
  // A client credentials request carries its own assertion already.
  const authed =
    grant === 'client_credentials'
      ? request
      : await authenticate(profile, request.value, {
          now: deps.clock.now(),
          jti: crypto.randomUUID(),
        });
  if (!authed.ok) return authed;
  const sent = await deps.http.send(authed.value, requestTimeoutMs(profile));
  onExchange?.({
    request: authed.value,
    ...(sent.ok && { response: sent.value, ms: deps.clock.now() - sent.value.sentAt }),
  });
  if (!sent.ok) return sent;
  const { sentAt, serverDate } = sent.value;
  const timing = { sentAt, ...(serverDate !== undefined && { serverDate }) };
  const hidden = [...secretValues(profile), ...known];
  const result = await readTokenResponse(profile, grant, sent.value, timing, hidden, nonce);
  if (result.ok) return result;
  const message =
    maskValues(result.error.message, hidden) + howToSwitch(profile, result.error.code);
  return { ok: false, error: { ...result.error, message } };
}
