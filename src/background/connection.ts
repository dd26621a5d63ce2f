import * as oauth from 'oauth4webapi';
import { buildSignInUrl, isOpenId, type SignInSession } from '../core/authorize';
import {
  MAX_IDENTITIES,
  identityLabel,
  nextIdentityKey,
  uniqueName,
  whoSignedIn,
  type IdentityEntry,
} from '../core/identity';
import { authenticate } from '../core/client-auth';
import { toTokenSet } from '../core/expiry';
import { fail, ok, type Result } from '../core/failure';
import {
  buildClientCredentialsRequest,
  buildCodeExchangeRequest,
  buildPasswordRequest,
  buildRevokeRequest,
} from '../core/grants';
import type { HttpResponse } from '../core/http';
import { secretValues } from '../core/profile/vars';
import { requestTimeoutMs, type Profile } from '../core/profile/types';
import { readCodeRedirect, readTokenRedirect } from '../core/redirect';
import { revocationOutcome, type Revocation } from '../core/revocation';
import { explainSignInPage, PAGE_FAILED } from '../core/sign-in-page';
import type { TokenSet } from '../core/token-set';
import { bearerOnly } from '../core/token-response';
import type { Connected, Credentials } from '../shared/protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { unknownProvider } from './errors';
import { exchange } from './exchange';
import { schedule } from './schedule';
import { withEntry } from './timeline';
import type { IdentityList, ProviderRecord } from './records';
import { identitiesLock, recordLock } from './store';

/**
 * Opens the sign-in window. When the browser says only that the page could not be loaded, the
 * page is asked for once more from the worker (no cookies, nothing secret beyond what the window
 * would have sent) to say what the provider answered there.
 */
async function launch(deps: Deps, profile: Profile, url: string): Promise<Result<string>> {
  const back = await deps.identity.launch(url);
  if (back.ok || back.error.code !== PAGE_FAILED) return back;
  const answer = await deps.http.send(
    { method: 'GET', url, headers: { accept: 'text/html' } },
    requestTimeoutMs(profile),
  );
  const { origin, pathname } = new URL(url);
  return {
    ok: false,
    error: explainSignInPage({
      page: `${origin}${pathname}`,
      // A connect-style address carries the API key: not for a tab and its history.
      openable: profile.signIn.kind === 'authorization_code' ? url : undefined,
      redirectUri: deps.identity.redirectUri,
      clientId: profile.client.clientId,
      answer,
      known: secretValues(profile),
    }),
  };
}

/**
 * The authorization code flow with PKCE, a single-use `state` and, for OpenID Connect, a nonce:
 * in the sign-in window, or without one (`silent`: `prompt=none`, the provider answers at once
 * from its session or refuses).
 */
async function codeFlow(
  deps: Deps,
  profile: Profile,
  how: Pick<SignInSession, 'fresh' | 'silent'>,
): Promise<Result<TokenSet>> {
  const { redirectUri } = deps.identity;
  const session: SignInSession = {
    state: oauth.generateRandomState(),
    codeVerifier: oauth.generateRandomCodeVerifier(),
    redirectUri,
    ...(isOpenId(profile) && { nonce: oauth.generateRandomNonce() }),
    ...how,
  };
  const url = await buildSignInUrl(profile, session);
  if (!url.ok) return url;
  const back = how.silent
    ? await deps.identity.launch(url.value, false)
    : await launch(deps, profile, url.value);
  if (!back.ok) return back;
  const code = readCodeRedirect(profile, back.value, session);
  if (!code.ok) return code;
  const request = buildCodeExchangeRequest(profile, {
    code: code.value.code,
    codeVerifier: session.codeVerifier,
    redirectUri,
  });
  return exchange(deps, profile, 'authorization_code', request, {
    known: [code.value.code, session.codeVerifier],
    ...(session.nonce !== undefined && { nonce: session.nonce }),
  });
}

/**
 * Signs an identity in again without a window, while the provider's session lives (docs/
 * architecture.md, "Silent sign-in"). The tokens must be the same user's as before (`subject`,
 * when known): a session that is now another user's is refused. Any failure is a reason in words
 * to go after "so": the caller asks the user to sign in.
 */
export async function silentSignIn(
  deps: Deps,
  profile: Profile,
  subject: string | undefined,
): Promise<Result<TokenSet>> {
  const tokens = await codeFlow(deps, profile, { silent: true });
  if (!tokens.ok) return tokens;
  const who = whoSignedIn(tokens.value);
  if (subject !== undefined && who.subject !== undefined && who.subject !== subject)
    return fail(
      'reauth',
      'other_user',
      `the provider's session is now ${who.name ?? 'another user'}'s, not this identity's`,
    );
  return tokens;
}

/**
 * Gets a provider's first tokens its own way: the browser's sign-in window for redirect flows
 * (code + PKCE with a single-use state, or connect style), a direct grant otherwise. Credentials
 * are used for one request and dropped.
 */
async function firstTokens(
  deps: Deps,
  profile: Profile,
  { credentials, add }: ConnectOptions,
): Promise<Result<TokenSet>> {
  const { redirectUri } = deps.identity;
  switch (profile.signIn.kind) {
    case 'authorization_code':
      return codeFlow(deps, profile, add ? { fresh: add } : {});
    case 'connect': {
      const url = await buildSignInUrl(profile, { state: '', codeVerifier: '', redirectUri });
      if (!url.ok) return url;
      const back = await launch(deps, profile, url.value);
      if (!back.ok) return back;
      const fields = bearerOnly(readTokenRedirect(profile.signIn, back.value, redirectUri));
      return fields.ok
        ? {
            ok: true,
            value: toTokenSet(fields.value, { sentAt: deps.clock.now() }, profile.expiry),
          }
        : fields;
    }
    case 'password': {
      if (!credentials)
        return fail(
          'misconfigured',
          'credentials_needed',
          'This provider needs a user name and password.',
        );
      return exchange(
        deps,
        profile,
        'password',
        buildPasswordRequest(profile, credentials, redirectUri),
        { known: [credentials.password] },
      );
    }
    case 'client_credentials': {
      const request = await buildClientCredentialsRequest(profile, {
        now: deps.clock.now(),
        jti: oauth.generateRandomState(),
        redirectUri,
      });
      return exchange(deps, profile, 'client_credentials', request, { known: [] });
    }
  }
}

/** How a sign-in goes: whose sign-in it renews, or that it adds another identity. */
export interface ConnectOptions {
  /** A password sign-in's user name and password, used for one request. */
  readonly credentials?: Credentials | undefined;
  /** Signs in again as this identity (its key); the active one when neither this nor `add`. */
  readonly identity?: string | undefined;
  /** Adds another identity: a sign-in that asks who signs in, never the browser's session. */
  readonly add?: { readonly loginHint?: string } | undefined;
}

/** Who a sign-in's tokens belong to, as far as they say. */
interface Who {
  readonly name?: string;
  readonly subject?: string;
}

const sameText = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase();

/** The same user as a stored identity: the same subject, or (neither knowing one) the same name. */
const sameUser = (entry: IdentityEntry, who: Who): boolean =>
  entry.subject !== undefined || who.subject !== undefined
    ? entry.subject === who.subject
    : sameText(entry.name, who.name);

/** Known to be someone else: another subject, or (neither knowing one) another name. */
const otherThan = (entry: IdentityEntry, who: Who): boolean =>
  entry.subject !== undefined && who.subject !== undefined
    ? entry.subject !== who.subject
    : entry.subject === undefined &&
      who.subject === undefined &&
      entry.name !== undefined &&
      who.name !== undefined &&
      !sameText(entry.name, who.name);

const otherUser = (label: string, who: Who) =>
  fail(
    'reauth',
    'other_user',
    `The provider signed in ${who.name ?? 'another user'}, not ${label}: nothing was changed. Sign in as ${label}, or use "Sign in as someone else" to add ${who.name ?? 'that user'}.`,
  );

/**
 * Names the identities that have none yet (kept from before identities had names) from their
 * tokens, once a provider holds more than one and the popup shows them.
 */
async function named(
  deps: Deps,
  profile: Profile,
  entries: readonly IdentityEntry[],
): Promise<IdentityEntry[]> {
  const out: IdentityEntry[] = [];
  for (const entry of entries) {
    if (entry.name !== undefined) out.push(entry);
    else {
      const record = await deps.store.record(profile, entry.key);
      const who = record ? whoSignedIn(record.tokens) : {};
      const name = uniqueName(who.name ?? identityLabel(entry), [
        ...out,
        ...entries.slice(out.length + 1),
      ]);
      out.push({ ...entry, name, ...(who.subject !== undefined && { subject: who.subject }) });
    }
  }
  return out;
}

/**
 * Signs in and stores the tokens as fresh (docs/architecture.md, "Identities"): the first sign-in
 * of a provider, a sign-in again as one identity (refused when the provider signed in someone
 * else), or another identity (`add`; the same user as a stored identity renews that one). A failed
 * sign-in changes nothing stored.
 */
export async function connect(
  deps: Deps,
  id: string,
  options: ConnectOptions = {},
): Promise<Result<Connected>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const before = await deps.store.identities(profile);
  if (options.add && before) {
    const refused = addRefusal(profile, before.identities.length);
    if (refused) return refused;
  }
  const tokens = await firstTokens(deps, profile, options);
  if (!tokens.ok) return tokens;
  const claims = whoSignedIn(tokens.value);
  const username = options.credentials?.username;
  const who: Who = { ...claims, ...(claims.name === undefined && username && { name: username }) };
  const stored = await deps.locks(identitiesLock(id), async (): Promise<Result<Connected>> => {
    const list = await deps.store.identities(profile);
    const entries = list?.identities ?? [];
    let renewing: IdentityEntry | undefined;
    if (options.add || !list) renewing = entries.find((entry) => sameUser(entry, who));
    else {
      renewing = entries.find((entry) => entry.key === (options.identity ?? list.active));
      if (!renewing)
        return fail('misconfigured', 'unknown_identity', 'That identity is no longer signed in.');
      if (otherThan(renewing, who)) return otherUser(identityLabel(renewing), who);
    }
    return renewing
      ? renew(deps, profile, renewing, tokens.value)
      : addNew(deps, profile, list, who, tokens.value);
  });
  if (stored.ok && profile.unverified) {
    // A sign-in that gave tokens proves the guessed endpoints right.
    const { unverified: _, ...proven } = profile;
    await deps.store.saveProfile(proven, profile);
  }
  await syncBrowser(deps);
  return stored;
}

/** Stores a sign-in's tokens as an identity's new ones, its timeline kept. */
async function renew(
  deps: Deps,
  profile: Profile,
  entry: IdentityEntry,
  tokens: TokenSet,
): Promise<Result<Connected>> {
  await deps.locks(recordLock(profile.id, entry.key), async () => {
    const previous = await deps.store.record(profile, entry.key);
    const fresh = {
      tokens,
      status: 'fresh' as const,
      timeline: withEntry(previous, 'sign-in', tokens),
    };
    await schedule(deps, profile, entry.key, fresh);
    await deps.store.putRecord(profile, entry.key, fresh);
  });
  const name = identityLabel(entry);
  return ok({ expiresAt: tokens.expiresAt, identity: entry.key, name, added: false });
}

/** Stores a sign-in's tokens as a new identity beside the provider's others (under its lock). */
async function addNew(
  deps: Deps,
  profile: Profile,
  list: IdentityList | undefined,
  who: Who,
  tokens: TokenSet,
): Promise<Result<Connected>> {
  const entries = list?.identities ?? [];
  const refused = addRefusal(profile, entries.length);
  if (refused) return refused;
  const key = nextIdentityKey(entries);
  const others = entries.length > 0 ? await named(deps, profile, entries) : [];
  const entry: IdentityEntry = {
    key,
    ...(who.name !== undefined && { name: uniqueName(who.name, others) }),
    ...(who.subject !== undefined && { subject: who.subject }),
  };
  const fresh = {
    tokens,
    status: 'fresh' as const,
    timeline: withEntry(undefined, 'sign-in', tokens),
  };
  // The alarm first: a worker that dies before the list names the identity leaves an alarm
  // that finds no record and clears itself, never a record that no alarm will refresh.
  await schedule(deps, profile, key, fresh);
  if (list && others.some((o, i) => o !== entries[i]))
    await deps.store.putIdentities(profile, { ...list, identities: others });
  await deps.store.addIdentity(profile, entry, fresh, false);
  return ok({
    expiresAt: tokens.expiresAt,
    identity: key,
    name: identityLabel(entry),
    added: true,
  });
}

/** Why another identity cannot be added beside the `count` this provider has, if it cannot. */
function addRefusal(profile: Profile, count: number) {
  if (count === 0) return undefined;
  if (profile.signIn.kind === 'client_credentials')
    return fail(
      'misconfigured',
      'one_identity',
      `${profile.name} signs in as its client, not as a user: it has one identity.`,
    );
  if (count >= MAX_IDENTITIES)
    return fail(
      'misconfigured',
      'too_many_identities',
      `${profile.name} holds ${MAX_IDENTITIES} identities, the most one provider can: remove one first.`,
    );
  return undefined;
}

/** Revokes one identity's refresh token where the profile can; answers what the provider said. */
async function revoke(deps: Deps, profile: Profile, record: ProviderRecord | undefined) {
  const token = record?.tokens.refreshToken;
  let answer: Result<HttpResponse> | undefined;
  if (profile.revoke && token !== undefined) {
    const built = buildRevokeRequest(profile, token, deps.identity.redirectUri);
    const request = built.ok
      ? await authenticate(profile, built.value, {
          now: deps.clock.now(),
          jti: crypto.randomUUID(),
        })
      : built;
    answer = request.ok ? await deps.http.send(request.value, requestTimeoutMs(profile)) : request;
  }
  return revocationOutcome({
    endpoint: profile.revoke !== undefined,
    refreshToken: token !== undefined,
    ...(answer && { answer }),
    known: [token, ...secretValues(profile)],
  });
}

/**
 * Disconnects one identity (`key`), or every identity of the provider: revokes each refresh token
 * (RFC 7009) where the profile can, then always wipes the tokens, state and alarms here, whatever
 * the provider said, and touches no other identity. The answer says, in words, whether the
 * refresh tokens still work at the provider.
 */
export async function disconnect(
  deps: Deps,
  id: string,
  key?: string,
): Promise<Result<Revocation>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const outcomes = await deps.locks(identitiesLock(id), async () => {
    const entries = (await deps.store.identities(profile))?.identities ?? [];
    const leaving = entries.filter((entry) => key === undefined || entry.key === key);
    const said: [IdentityEntry, Revocation][] = [];
    for (const entry of leaving) {
      await deps.locks(recordLock(id, entry.key), async () => {
        said.push([
          entry,
          await revoke(deps, profile, await deps.store.record(profile, entry.key)),
        ]);
        await deps.store.removeIdentity(profile, entry.key);
        await schedule(deps, profile, entry.key, undefined);
      });
    }
    return said;
  });
  await syncBrowser(deps);
  const [only] = outcomes;
  if (outcomes.length <= 1)
    return ok(
      only?.[1] ??
        revocationOutcome({
          endpoint: profile.revoke !== undefined,
          refreshToken: false,
          known: [],
        }),
    );
  return ok({
    revoked: outcomes.every(([, o]) => o.revoked),
    message: outcomes.map(([entry, o]) => `${identityLabel(entry)}: ${o.message}`).join(' '),
  });
}
