import type { Result } from './failure';
import type { HttpResponse } from './http';
import { classifyHttpFailure } from './http-failure';

/** What Disconnect did about the refresh token at the provider, and the sentence that says so. */
export interface Revocation {
  readonly revoked: boolean;
  readonly message: string;
}

/** "The provider failed (503): …." → "the provider failed (503): …", to go inside a sentence. */
const inner = (text: string) => text.charAt(0).toLowerCase() + text.slice(1).replace(/\.$/, '');

/**
 * The truth about a revocation (RFC 7009: 200 means revoked, or already invalid). The local tokens
 * are gone in every case; what the user must know is whether the refresh token still works at the
 * provider.
 */
export function revocationOutcome(input: {
  readonly endpoint: boolean;
  readonly refreshToken: boolean;
  /** The revocation request's answer, or why it could not be sent. */
  readonly answer?: Result<HttpResponse>;
  /** The secret values the request carried, masked wherever the answer echoes them. */
  readonly known: readonly (string | undefined)[];
}): Revocation {
  const { answer } = input;
  if (!input.refreshToken)
    return { revoked: false, message: 'Disconnected; there was no refresh token to revoke.' };
  if (!input.endpoint || !answer)
    return {
      revoked: false,
      message:
        'Disconnected. This provider has no revocation endpoint in its profile: the refresh token stays valid there until it expires.',
    };
  if (answer.ok && answer.value.status === 200)
    return {
      revoked: true,
      message: 'Disconnected; the refresh token was revoked at the provider.',
    };
  const why = answer.ok
    ? classifyHttpFailure(answer.value, [], input.known).message
    : answer.error.message;
  return {
    revoked: false,
    message: `Disconnected, but revocation failed (${inner(why)}): the refresh token may still be valid at the provider.`,
  };
}
