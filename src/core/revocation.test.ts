import { describe, expect, it } from 'vitest';
import { fail, ok } from './failure';
import { revocationOutcome } from './revocation';

const answered = (status: number, body = '') => ok({ status, headers: {}, body });

describe('revocationOutcome', () => {
  it('says revoked only when the provider answered 200', () => {
    expect(
      revocationOutcome({ endpoint: true, refreshToken: true, answer: answered(200), known: [] }),
    ).toEqual({
      revoked: true,
      message: 'Disconnected; the refresh token was revoked at the provider.',
    });
  });

  it('says the token stays valid where there is no revocation endpoint', () => {
    expect(revocationOutcome({ endpoint: false, refreshToken: true, known: [] })).toEqual({
      revoked: false,
      message:
        'Disconnected. This provider has no revocation endpoint in its profile: the refresh token stays valid there until it expires.',
    });
  });

  it('gives the status and the provider’s words when revocation failed', () => {
    const outcome = revocationOutcome({
      endpoint: true,
      refreshToken: true,
      known: [],
      answer: answered(
        401,
        '{"error":"invalid_client","error_description":"client authentication failed"}',
      ),
    });
    expect(outcome).toEqual({
      revoked: false,
      message:
        'Disconnected, but revocation failed (the provider refused the request (401): invalid_client: client authentication failed): the refresh token may still be valid at the provider.',
    });
  });

  it('says so when the request could not reach the provider', () => {
    const outcome = revocationOutcome({
      endpoint: true,
      refreshToken: true,
      known: [],
      answer: fail('transient', 'network', 'The provider could not be reached.'),
    });
    expect(outcome.message).toBe(
      'Disconnected, but revocation failed (the provider could not be reached): the refresh token may still be valid at the provider.',
    );
  });

  it('has nothing to revoke without a refresh token', () => {
    expect(revocationOutcome({ endpoint: true, refreshToken: false, known: [] })).toEqual({
      revoked: false,
      message: 'Disconnected; there was no refresh token to revoke.',
    });
  });
});
