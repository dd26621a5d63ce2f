import { standardRevoke } from '../core/discovery';
import type { FieldError } from '../core/failure';
import type { ClientAuthMethod, Endpoint, Profile } from '../core/profile/types';

/**
 * Where the editor edits each key of a profile: one of the form's own controls, or the JSON under
 * Advanced (which the form's dialect fields read and write too). Every key of `Profile` must be
 * here, so a new field cannot be dropped by a Save because the editor forgot it.
 */
const EDITED_IN: { readonly [K in keyof Profile]-?: 'form' | 'advanced' } = {
  id: 'form',
  name: 'form',
  preset: 'form',
  client: 'form',
  secrets: 'form',
  forgetOnClose: 'form',
  unverified: 'form',
  signIn: 'advanced',
  refresh: 'advanced',
  revoke: 'advanced',
  response: 'advanced',
  errors: 'advanced',
  expiry: 'advanced',
  timeoutSeconds: 'advanced',
  inject: 'advanced',
  injectFrom: 'advanced',
};
export const ADVANCED_KEYS = (Object.keys(EDITED_IN) as (keyof Profile)[]).filter(
  (key) => EDITED_IN[key] === 'advanced',
);

/** What the editor's own controls hold. Secrets start empty: stored ones are never shown. */
export interface EditorFields {
  readonly id: string;
  readonly name: string;
  readonly clientId: string;
  readonly scope: string;
  readonly issuer: string;
  readonly auth: ClientAuthMethod | '';
  readonly forgetOnClose: boolean;
  readonly revokeUrl: string;
  readonly clientSecret: string;
  readonly apiKey: string;
  /** A private key as JSON Web Key text. */
  readonly privateKey: string;
  /** The profile's keys that live under Advanced, as JSON text. */
  readonly advanced: string;
}

/** The JSON under Advanced for a profile: every key the form's own controls do not hold. */
export const advancedOf = (profile: Profile): string =>
  JSON.stringify(
    Object.fromEntries(
      ADVANCED_KEYS.filter((k) => profile[k] !== undefined).map((k) => [k, profile[k]]),
    ),
    null,
    2,
  );

/** The form as it opens on a profile. */
export const fieldsOf = (profile: Profile): EditorFields => ({
  id: profile.id,
  name: profile.name,
  clientId: profile.client.clientId ?? '',
  scope: profile.client.scope ?? '',
  issuer: profile.client.issuer ?? '',
  auth: profile.client.auth ?? '',
  forgetOnClose: profile.forgetOnClose === true,
  revokeUrl: profile.revoke?.url ?? '',
  clientSecret: '',
  apiKey: '',
  privateKey: '',
  advanced: advancedOf(profile),
});

/** An empty box is no value, unless the profile held the empty text itself (Koppeltaal's scope). */
const text = (value: string, was: string | undefined) =>
  value !== '' ? value : was === '' ? '' : undefined;

/**
 * The profile the form says, laid over the one it was opened on: what the form does not show is
 * taken from there as it was. Secrets left empty are left out (the worker keeps the stored ones).
 * Unchecked: the worker parses it. Endpoints that were a guess stay one unless `proven` (by
 * Discover).
 */
export function profileOf(
  fields: EditorFields,
  opened: Profile,
  proven: boolean,
): { ok: true; value: Record<string, unknown> } | { ok: false; problems: FieldError[] } {
  let shape: Record<string, unknown>;
  try {
    shape = JSON.parse(fields.advanced) as Record<string, unknown>;
  } catch {
    return { ok: false, problems: [{ path: 'advanced', message: 'is not valid JSON' }] };
  }
  let jwk: unknown;
  if (fields.privateKey.trim() !== '') {
    try {
      jwk = JSON.parse(fields.privateKey);
    } catch {
      return {
        ok: false,
        problems: [{ path: 'secrets.privateKeyJwk', message: 'is not a JSON Web Key' }],
      };
    }
  }
  const entries: [string, string | undefined][] = [
    ['clientId', text(fields.clientId, opened.client.clientId)],
    ['scope', text(fields.scope, opened.client.scope)],
    ['issuer', text(fields.issuer, opened.client.issuer)],
    ['auth', fields.auth === '' ? undefined : fields.auth],
  ];
  const client = Object.fromEntries(entries.filter(([, v]) => v !== undefined));
  const secrets = {
    ...(fields.clientSecret && { clientSecret: fields.clientSecret }),
    ...(fields.apiKey && { apiKey: fields.apiKey }),
    ...(jwk !== undefined && { privateKeyJwk: jwk }),
  };
  // The revocation field wins over the JSON: an RFC 7009 revocation unless the JSON shapes it.
  const { revoke, ...rest } = shape as { revoke?: Endpoint };
  const revokeUrl = fields.revokeUrl.trim();
  return {
    ok: true,
    value: {
      ...rest,
      ...(revokeUrl !== '' && {
        revoke: revoke ? { ...revoke, url: revokeUrl } : standardRevoke(revokeUrl),
      }),
      id: fields.id,
      name: fields.name,
      preset: opened.preset,
      client,
      secrets,
      ...(fields.forgetOnClose && { forgetOnClose: true }),
      // Still a guess unless Discover proved the endpoints.
      ...(opened.unverified && !proven && { unverified: true }),
    },
  };
}
