import { DENIAL_COOLDOWN_MS, decide, exactOrigin, parsePageRequest } from '../core/consent';
import type { Failure } from '../core/failure';
import type { Deps } from './deps';
import { getToken } from './lifecycle';

/** What a page is told: an access token and its expiry, or a reason. Never anything else. */
export type PageReply =
  | {
      readonly ok: true;
      readonly value: { accessToken: string; tokenType: string; expiresAt: number };
    }
  | {
      readonly ok: false;
      readonly error: { readonly code: PageErrorCode; readonly message: string };
    };

export type PageErrorCode =
  'denied' | 'unknown_provider' | 'needs_sign_in' | 'bad_request' | 'unavailable';

/** Asks the user once, in the extension's own window; resolves with their answer. */
export type AskUser = (origin: string, provider: string, providerName: string) => Promise<boolean>;

const refuse = (code: PageErrorCode, message: string): PageReply => ({
  ok: false,
  error: { code, message },
});

const fromFailure = (error: Failure): PageReply =>
  error.kind === 'reauth'
    ? refuse('needs_sign_in', 'Sign in to this provider in Token Keeper first.')
    : refuse('unavailable', error.message);

/**
 * A web page's token request (DESIGN.md, decision 8). The origin is the browser's, never the
 * page's word; the first request of an origin for a provider asks the user; a "no" is remembered
 * for a while; an allowed origin gets an access token and nothing more, and the audit says so.
 */
export async function handlePageRequest(
  deps: Deps,
  askUser: AskUser,
  senderOrigin: unknown,
  message: unknown,
  via: 'bridge' | 'externally_connectable',
): Promise<PageReply> {
  const { consent } = deps;
  const origin = exactOrigin(senderOrigin);
  if (origin === undefined)
    return refuse('denied', 'Only http(s) pages with an origin of their own may ask.');
  // Where the bridge runs is not the only guard: in Firefox it runs on every port of a listed host.
  if (via === 'bridge' && !(await consent.sites()).includes(origin))
    return refuse('denied', 'This site is not on the list of sites allowed to ask Token Keeper.');
  const request = parsePageRequest(message);
  if (!request.ok) return refuse('bad_request', request.error.message);
  const { provider, minValiditySeconds } = request.value;
  const profile = await deps.store.profile(provider);
  if (!profile) return refuse('unknown_provider', `Token Keeper has no provider "${provider}".`);

  const now = deps.clock.now();
  const decision = decide(
    { grants: await consent.grants(), denials: await consent.denials() },
    origin,
    provider,
    now,
  );
  if (decision === 'denied') return refuse('denied', 'The user did not allow this site.');
  if (decision === 'ask') {
    const allowed = await askUser(origin, provider, profile.name);
    if (!allowed) {
      const denials = (await consent.denials()).filter(
        (d) => d.until > now && !(d.origin === origin && d.provider === provider),
      );
      await consent.putDenials([
        ...denials,
        { origin, provider, until: deps.clock.now() + DENIAL_COOLDOWN_MS },
      ]);
      return refuse('denied', 'The user did not allow this site.');
    }
    const grants = (await consent.grants()).filter(
      (g) => !(g.origin === origin && g.provider === provider),
    );
    await consent.putGrants([...grants, { origin, provider, grantedAt: deps.clock.now() }]);
  }

  const token = await getToken(deps, provider, minValiditySeconds * 1000);
  if (!token.ok) return fromFailure(token.error);
  await consent.appendAudit({ origin, provider, at: deps.clock.now() });
  const { accessToken, tokenType, expiresAt } = token.value;
  return { ok: true, value: { accessToken, tokenType, expiresAt } };
}
