import { DENIAL_COOLDOWN_MS, decide, exactOrigin } from '../core/consent';
import type { Failure } from '../core/failure';
import { identityLabel, identityNamed } from '../core/identity';
import type { Profile } from '../core/profile/types';
import {
  pageError,
  parsePageRequest,
  type PageReply,
  type PageRequest,
} from '../shared/page-protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { currentPolicy } from './policy';
import { getToken, refreshProvider } from './refresh';

/** What the consent window says of the provider a page asks for. */
export interface PromptDetails {
  readonly name: string;
  /** Where its tokens come from (the token or refresh endpoint's host). */
  readonly tokenHost: string;
  /** The prefixes its token is added to: allowing a site lets that site's pages call them. */
  readonly inject: readonly string[];
  /** The identity the site gets now, when the provider has several or the page named one. */
  readonly identity?: string;
}

/**
 * Asks the user once, in the extension's own window; resolves with their answer, or `undefined`
 * when they were not asked (another question of that site is open) or did not answer in time.
 */
export type AskUser = (
  origin: string,
  provider: string,
  details: PromptDetails,
) => Promise<boolean | undefined>;

const DENIED = 'The user did not allow this site.';
const BLOCKED = 'Your organization does not allow this site to ask Token Keeper.';

/**
 * A fixed sentence per code: the reason in words (which may quote a server) stays in the popup,
 * where the user reads it; a page gets nothing a server sent.
 */
const fromFailure = (error: Failure): PageReply =>
  error.kind === 'reauth'
    ? pageError('needs_sign_in', 'Sign in to this provider in Token Keeper first.')
    : pageError(
        'unavailable',
        'Token Keeper has no valid token for this provider right now; it keeps trying. Try again later.',
      );

function promptDetails(profile: Profile, identity: string | undefined): PromptDetails {
  const { signIn, refresh } = profile;
  const endpoint = refresh?.url ?? ('token' in signIn ? signIn.token.url : signIn.url);
  return {
    name: profile.name,
    tokenHost: new URL(endpoint).host,
    inject: profile.inject ?? [],
    ...(identity !== undefined && { identity }),
  };
}

/**
 * The identity a page's request is for: the one it names (by name), else the active one; its
 * name, for the consent window and the audit, when the provider has several or the page named
 * one. `undefined` when the page named one the provider does not have.
 */
async function identityAsked(
  deps: Deps,
  profile: Profile,
  named: string | undefined,
): Promise<{ key?: string; name?: string } | undefined> {
  const list = await deps.store.identities(profile);
  if (!list) return named === undefined ? {} : undefined;
  const entry =
    named === undefined
      ? list.identities.find(({ key }) => key === list.active)
      : identityNamed(list.identities, named);
  if (!entry) return undefined;
  const shown = named !== undefined || list.identities.length > 1;
  return { key: entry.key, ...(shown && { name: identityLabel(entry) }) };
}

/**
 * The page's API refused `rejected` (a 401). While it is still the identity's current token and
 * no backoff runs, it is refreshed now; pages that report it together share that one refresh
 * (`seen`), and once replaced, the same token reported again changes nothing: one refresh per
 * token, however often a page says so.
 */
async function replaceRejected(
  deps: Deps,
  profile: Profile,
  key: string | undefined,
  rejected: string,
): Promise<void> {
  const record = await deps.store.record(profile, key);
  if (!record || record.tokens.accessToken !== rejected || record.failures) return;
  await refreshProvider(deps, profile.id, {
    ...(key !== undefined && { identity: key }),
    force: true,
    seen: record.tokens.obtainedAt,
  });
}

/**
 * Who asks for a token: a web page's exact origin, or `TERMINAL`. `refused` is what it is told
 * when the user has not allowed it; `private` keeps a requester the user never allowed from
 * learning which providers and identities exist (pages; the terminal runs as the user).
 */
export interface Requester {
  readonly origin: string;
  readonly refused: (provider: Profile) => string;
  readonly private: boolean;
}

/**
 * A web page's token request (docs/architecture.md, "Pages and consent"). The origin is the
 * browser's, never the page's word; only then is it handed to `handOut`.
 */
export async function handlePageRequest(
  deps: Deps,
  askUser: AskUser,
  senderOrigin: unknown,
  message: unknown,
  via: 'bridge' | 'externally_connectable',
): Promise<PageReply> {
  const origin = exactOrigin(senderOrigin);
  if (origin === undefined)
    return pageError('denied', 'Only http(s) pages with an origin of their own may ask.');
  // Where the bridge runs is not the only guard: in Firefox it runs on every port of a listed host.
  if (via === 'bridge' && !(await deps.consent.sites()).includes(origin))
    return pageError(
      'denied',
      'This site is not on the list of sites allowed to ask Token Keeper.',
    );
  const request = parsePageRequest(message);
  if (!request.ok) return request;
  return handOut(deps, askUser, { origin, refused: () => DENIED, private: true }, request.value);
}

/**
 * Hands an access token to a requester: the first request of a requester for a provider asks the
 * user; a "no" is remembered for a while; an allowed requester gets an access token and nothing
 * more, and the audit says so.
 */
export async function handOut(
  deps: Deps,
  askUser: AskUser,
  requester: Requester,
  request: PageRequest,
): Promise<PageReply> {
  const { consent } = deps;
  const { origin } = requester;
  const { provider, minValiditySeconds } = request;
  const policy = await currentPolicy(deps);
  // The organization's word comes before the user's: a blocked site is refused, never asked.
  if (policy.blockedSites.includes(origin)) return pageError('denied', BLOCKED);
  const preapproved = policy.allowedSites.some(
    (s) => s.origin === origin && s.provider === provider,
  );
  const profile = await deps.store.profile(provider);
  const grants = await consent.grants();
  const identity = profile && (await identityAsked(deps, profile, request.identity));
  if (!profile || !identity) {
    // A site the user never allowed learns nothing of which providers or identities exist.
    const known =
      grants.some((g) => g.origin === origin) ||
      policy.allowedSites.some((s) => s.origin === origin);
    if (requester.private && !known) return pageError('denied', DENIED);
    return profile
      ? pageError(
          'unknown_identity',
          `${profile.name} has no identity called "${request.identity ?? ''}".`,
        )
      : pageError('unknown_provider', `Token Keeper has no provider "${provider}".`);
  }

  const now = deps.clock.now();
  const decision = preapproved
    ? 'allow'
    : decide({ grants, denials: await consent.denials() }, origin, provider, now);
  if (decision === 'denied') return pageError('denied', requester.refused(profile));
  if (decision === 'ask') {
    const allowed = await askUser(origin, provider, promptDetails(profile, identity.name));
    // Not asked (another question is open) is no answer of the user's: nothing is remembered.
    if (allowed === undefined) return pageError('denied', requester.refused(profile));
    if (!allowed) {
      const until = deps.clock.now() + DENIAL_COOLDOWN_MS;
      await consent.changeDenials((denials) => [
        ...denials.filter(
          (d) => d.until > now && !(d.origin === origin && d.provider === provider),
        ),
        { origin, provider, until },
      ]);
      return pageError('denied', requester.refused(profile));
    }
    const grantedAt = deps.clock.now();
    await consent.changeGrants((grants) => [
      ...grants.filter((g) => !(g.origin === origin && g.provider === provider)),
      { origin, provider, grantedAt },
    ]);
    // The site's pages now get the injected header too.
    if (profile.inject) await syncBrowser(deps);
  }

  if (request.rejected !== undefined)
    await replaceRejected(deps, profile, identity.key, request.rejected);
  // A requester cannot make every call a refresh: it may ask for at most half a token's lifetime.
  const record = await deps.store.record(profile, identity.key);
  const lifetime = record ? record.tokens.expiresAt - record.tokens.obtainedAt : 0;
  const minMs = Math.min(minValiditySeconds * 1000, lifetime / 2);
  const token = await getToken(deps, provider, minMs, identity.key);
  if (!token.ok) return fromFailure(token.error);
  await consent.appendAudit({
    origin,
    provider,
    ...(identity.name !== undefined && { identity: identity.name }),
    at: deps.clock.now(),
  });
  const { accessToken, tokenType, expiresAt } = token.value;
  return { ok: true, value: { accessToken, tokenType, expiresAt } };
}
