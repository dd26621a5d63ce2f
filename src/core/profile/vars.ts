import type { Vars } from '../http';
import type { Profile, Secrets } from './types';

/** The values every request of a profile may use; per-request ones are added by the caller. */
export function profileVars(profile: Profile, redirectUri: string): Vars {
  const { clientId, scope } = profile.client;
  const { clientSecret, apiKey } = profile.secrets;
  return {
    redirectUri,
    ...(clientId !== undefined && { clientId }),
    ...(scope !== undefined && { scope }),
    ...(clientSecret !== undefined && { clientSecret }),
    ...(apiKey !== undefined && { apiKey }),
  };
}

/** The members of a private JWK that are the key itself (RFC 7518 §6.3.2, §6.4). */
const PRIVATE_JWK_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'] as const;

/**
 * How each secret a profile can hold appears as text a server could echo back. Every key of
 * `Secrets` must have its entry: a new secret field does not compile until it says how it is
 * masked.
 */
const SECRET_TEXTS: {
  readonly [K in keyof Secrets]-?: (value: NonNullable<Secrets[K]>) => string[];
} = {
  clientSecret: (secret) => [secret],
  apiKey: (key) => [key],
  privateKeyJwk: (jwk) =>
    PRIVATE_JWK_MEMBERS.flatMap((member) => {
      const value = (jwk as Record<string, unknown>)[member];
      return typeof value === 'string' ? [value] : [];
    }),
};

/** Every secret value a profile holds: what each masking site hides, exactly, wherever it appears. */
export function secretValues(profile: Pick<Profile, 'secrets'>): string[] {
  return (Object.keys(SECRET_TEXTS) as (keyof Secrets)[]).flatMap((key) => {
    const value = profile.secrets[key];
    // The table's entry for `key` takes exactly this key's value.
    return value === undefined ? [] : (SECRET_TEXTS[key] as (v: typeof value) => string[])(value);
  });
}
