import { fail, ok, type Failure, type Result } from '../core/failure';
import type { FieldError } from '../core/parse-profile';
import type { PresetId } from '../core/profile';

/**
 * Messages from the extension's own pages (popup, options) to the worker. Pages ask; the worker
 * alone writes tokens. Answers never hold a refresh token, an ID token or a secret; only
 * `getToken` holds an access token, for the Copy button.
 */
export type Request =
  | { readonly type: 'status' }
  | {
      readonly type: 'connect';
      readonly providerId: string;
      readonly credentials?: { username: string; password: string };
    }
  | { readonly type: 'disconnect'; readonly providerId: string }
  | { readonly type: 'refresh'; readonly providerId: string }
  | { readonly type: 'getToken'; readonly providerId: string; readonly minValiditySeconds?: number }
  | { readonly type: 'saveProfile'; readonly profile: unknown }
  | { readonly type: 'deleteProfile'; readonly providerId: string };

export type ProviderStatusView = 'signed-out' | 'fresh' | 'refreshing' | 'needs-sign-in' | 'error';

/** What a page may know of a provider: times and state, never a token value. */
export interface ProviderView {
  readonly id: string;
  readonly name: string;
  readonly preset: PresetId;
  readonly signIn: 'authorization_code' | 'connect' | 'client_credentials' | 'password';
  readonly status: ProviderStatusView;
  readonly expiresAt?: number;
  readonly refreshExpiresAt?: number;
  readonly obtainedAt?: number;
  readonly lastRefreshAt?: number;
  readonly error?: Failure;
}

export interface Replies {
  status: { providers: ProviderView[] };
  connect: { expiresAt: number };
  disconnect: { revoked: boolean };
  refresh: { expiresAt: number };
  getToken: { accessToken: string; tokenType: string; expiresAt: number };
  saveProfile: { id: string };
  deleteProfile: { id: string };
}

/** A failure as it crosses to a page; `fields` says which profile fields are wrong. */
export type Reply<T> =
  | Result<T>
  | { readonly ok: false; readonly error: Failure; readonly fields: readonly FieldError[] };

const text = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** Narrows an incoming message at the edge; anything else is refused with a reason. */
export function parseRequest(message: unknown): Result<Request> {
  const bad = (why: string) => fail('misconfigured', 'bad_message', why);
  if (typeof message !== 'object' || message === null) return bad('A message must be an object.');
  const m = message as Record<string, unknown>;
  switch (m['type']) {
    case 'status':
      return ok({ type: 'status' });
    case 'saveProfile':
      return ok({ type: 'saveProfile', profile: m['profile'] });
    case 'connect': {
      if (!text(m['providerId'])) return bad('A provider id is needed.');
      const c = m['credentials'];
      if (c === undefined) return ok({ type: 'connect', providerId: m['providerId'] });
      const cred = c as Record<string, unknown> | null;
      if (!cred || !text(cred['username'], 1000) || !text(cred['password'], 1000))
        return bad('Credentials need a user name and a password.');
      return ok({
        type: 'connect',
        providerId: m['providerId'],
        credentials: { username: cred['username'], password: cred['password'] },
      });
    }
    case 'getToken': {
      if (!text(m['providerId'])) return bad('A provider id is needed.');
      const min = m['minValiditySeconds'];
      if (min === undefined) return ok({ type: 'getToken', providerId: m['providerId'] });
      if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 86_400)
        return bad('minValiditySeconds must be 0 to 86400.');
      return ok({ type: 'getToken', providerId: m['providerId'], minValiditySeconds: min });
    }
    case 'disconnect':
    case 'refresh':
    case 'deleteProfile':
      return text(m['providerId'])
        ? ok({ type: m['type'], providerId: m['providerId'] })
        : bad('A provider id is needed.');
    default:
      return bad('Unknown message type.');
  }
}
