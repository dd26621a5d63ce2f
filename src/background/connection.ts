import * as oauth from 'oauth4webapi';
import { buildSignInUrl, isOpenId } from '../core/authorize';
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
import type { Credentials } from '../shared/protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { unknownProvider } from './errors';
import { exchange } from './exchange';
import { schedule } from './schedule';
import { withEntry } from './timeline';
import { recordLock } from './store';

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
 * Gets a provider's first tokens its own way: the browser's sign-in window for redirect flows
 * (code + PKCE with a single-use state, or connect style), a direct grant otherwise. Credentials
 * are used for one request and dropped.
 */
async function firstTokens(
  deps: Deps,
  profile: Profile,
  credentials: Credentials | undefined,
): Promise<Result<TokenSet>> {
  const { redirectUri } = deps.identity;
  switch (profile.signIn.kind) {
    case 'authorization_code': {
      const session = {
        state: oauth.generateRandomState(),
        codeVerifier: oauth.generateRandomCodeVerifier(),
        redirectUri,
        ...(isOpenId(profile) && { nonce: oauth.generateRandomNonce() }),
      };
      const url = await buildSignInUrl(profile, session);
      if (!url.ok) return url;
      const back = await launch(deps, profile, url.value);
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

/** Connects a provider and stores its tokens as fresh; a failed sign-in changes nothing stored. */
export async function connect(
  deps: Deps,
  id: string,
  credentials?: Credentials,
): Promise<Result<TokenSet>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const tokens = await firstTokens(deps, profile, credentials);
  if (!tokens.ok) return tokens;
  await deps.locks(recordLock(id), async () => {
    const before = await deps.store.record(profile);
    const fresh = {
      tokens: tokens.value,
      status: 'fresh' as const,
      timeline: withEntry(before, 'sign-in', tokens.value),
    };
    // The alarm first: a worker that dies between the two leaves an alarm that finds no record
    // and clears itself, never a record that no alarm will refresh.
    await schedule(deps, profile, fresh);
    await deps.store.putRecord(profile, fresh);
    // A sign-in that gave tokens proves the guessed endpoints right.
    if (profile.unverified) {
      const { unverified: _, ...proven } = profile;
      await deps.store.saveProfile(proven, profile);
    }
  });
  await syncBrowser(deps);
  return tokens;
}

/**
 * Disconnects: revokes the refresh token (RFC 7009) where the profile can, then always wipes the
 * tokens, state and alarms here, whatever the provider said. The answer says, in words, whether
 * the refresh token still works at the provider.
 */
export async function disconnect(deps: Deps, id: string): Promise<Result<Revocation>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  return deps.locks(recordLock(id), async () => {
    const record = await deps.store.record(profile);
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
      answer = request.ok
        ? await deps.http.send(request.value, requestTimeoutMs(profile))
        : request;
    }
    await deps.store.removeRecord(profile);
    await schedule(deps, profile, undefined);
    await syncBrowser(deps);
    const outcome = revocationOutcome({
      endpoint: profile.revoke !== undefined,
      refreshToken: token !== undefined,
      ...(answer && { answer }),
      known: [token, ...secretValues(profile)],
    });
    return ok(outcome);
  });
}
