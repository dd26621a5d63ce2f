import { fail } from '../core/failure';

/** The failures every command that names a provider can answer. */
export const unknownProvider = (id: string) =>
  fail('misconfigured', 'unknown_provider', `There is no provider "${id}".`);

export const signedOut = () => fail('reauth', 'signed_out', 'Not signed in: connect first.');
