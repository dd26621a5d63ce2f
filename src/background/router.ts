import { fail, ok } from '../core/failure';
import { applyDiscovery, discoveryRequest } from '../core/discovery';
import { parseProfile } from '../core/parse-profile';
import { targetChanges } from '../core/profile-targets';
import { requestTimeoutMs, type Profile } from '../core/profile';
import {
  parseRequest,
  type ProviderView,
  type Replies,
  type Reply,
  type Request,
} from '../shared/protocol';
import type { Sender } from '../browser/runtime';
import type { Deps } from './deps';
import { disconnect, getToken, refreshNow } from './lifecycle';
import { nextAttemptAt, reflect } from './schedule';
import { addSite, listAccess, removeSite, revokeGrant } from './access';
import type { Prompts } from './consent-prompts';
import { handlePageRequest } from './page-requests';
import { forgetGrants, saveProfiles } from './save-profiles';
import { connect } from './sign-in';
import { inspect, testerAction, testRefresh } from './tester';
import { exportAll, importAll } from './transfer';

async function view(deps: Deps, profile: Profile): Promise<ProviderView> {
  const record = await deps.store.record(profile);
  const base = {
    id: profile.id,
    name: profile.name,
    preset: profile.preset,
    signIn: profile.signIn.kind,
  };
  if (!record) return { ...base, status: 'signed-out' };
  const { tokens } = record;
  const retryAt = nextAttemptAt(deps, profile, record);
  // Times as the provider's own clock sees them: the tester's clock shift shows in the countdowns.
  const shift = record.clockShiftMs ?? 0;
  return {
    ...base,
    status: record.status,
    expiresAt: tokens.expiresAt - shift,
    obtainedAt: tokens.obtainedAt - shift,
    ...(tokens.refreshExpiresAt !== undefined && {
      refreshExpiresAt: tokens.refreshExpiresAt - shift,
    }),
    ...(record.lastRefreshAt !== undefined && { lastRefreshAt: record.lastRefreshAt }),
    ...(record.error && { error: record.error }),
    ...(record.failures && retryAt !== undefined && { retryAt }),
    ...(profile.inject && record.status !== 'needs-sign-in' && { injecting: profile.inject }),
  };
}

/**
 * The user's own edit moves the provider: an endpoint on a host the stored version never sent
 * anything to. (Adding an API prefix or a calling page is what the header feature is for: that
 * keeps the sign-in.)
 */
const movedHost = (previous: Profile, next: Profile) =>
  targetChanges(previous, next).some((c) => c.newOrigin && !c.path.startsWith('inject'));

async function saveProfile(
  deps: Deps,
  input: unknown,
  keepSecrets: boolean,
): Promise<Reply<Replies['saveProfile']>> {
  // The options page never holds stored secrets: what it leaves out, the stored profile keeps,
  // as long as the profile sends them to the hosts they were saved for.
  const id = (input as { id?: unknown } | null)?.id;
  const stored = typeof id === 'string' ? await deps.store.profile(id) : undefined;
  const given = (input as { secrets?: object } | null)?.secrets ?? {};
  const draft = parseProfile(input, { requireSecrets: false });
  const moved = stored !== undefined && draft.ok && movedHost(stored, draft.value);
  const merged =
    keepSecrets && stored && !moved && typeof input === 'object'
      ? { ...input, secrets: { ...stored.secrets, ...given } }
      : input;
  const parsed = parseProfile(merged);
  if (!parsed.ok) {
    const error = fail(
      'misconfigured',
      'invalid_profile',
      `The profile has ${parsed.errors.length} problem(s).`,
    ).error;
    const fields = moved
      ? [
          ...parsed.errors,
          {
            path: 'secrets',
            message:
              'stored secrets stay with the hosts they were saved for: enter them again for the new host',
          },
        ]
      : parsed.errors;
    return { ok: false, error, fields };
  }
  const saved = await saveProfiles(deps, [parsed.value], () => '', movedHost);
  if (saved.clashes.length > 0) {
    const { error } = fail(
      'misconfigured',
      'invalid_profile',
      'Another profile injects that prefix.',
    );
    return { ok: false, error, fields: saved.clashes };
  }
  return ok({ id: parsed.value.id, signedOut: saved.signedOut.length > 0 });
}

async function deleteProfile(deps: Deps, id: string): Promise<Reply<Replies['deleteProfile']>> {
  const profile = await deps.store.profile(id);
  if (!profile) return fail('misconfigured', 'unknown_provider', `There is no provider "${id}".`);
  await disconnect(deps, id);
  await deps.store.deleteProfile(profile);
  // A later profile under this id is another provider: no page keeps access to it.
  await forgetGrants(deps, id);
  await reflect(deps);
  return ok({ id });
}

async function getProfile(deps: Deps, id: string): Promise<Reply<Replies['getProfile']>> {
  const profile = await deps.store.profile(id);
  if (!profile) return fail('misconfigured', 'unknown_provider', `There is no provider "${id}".`);
  const { clientSecret, apiKey, privateKeyJwk } = profile.secrets;
  return ok({
    profile: { ...profile, secrets: {} },
    secretsSet: {
      clientSecret: clientSecret !== undefined,
      apiKey: apiKey !== undefined,
      privateKeyJwk: privateKeyJwk !== undefined,
    },
  });
}

/** Fills a generic OpenID Connect profile's endpoints from its issuer's discovery document. */
async function discover(deps: Deps, input: unknown): Promise<Reply<Replies['discover']>> {
  const parsed = parseProfile(input, { requireSecrets: false });
  if (!parsed.ok) {
    return {
      ok: false,
      error: fail('misconfigured', 'invalid_profile', 'Fix the profile first.').error,
      fields: parsed.errors,
    };
  }
  const issuer = parsed.value.client.issuer;
  if (issuer === undefined)
    return fail('misconfigured', 'no_issuer', 'Set the issuer to discover its endpoints.');
  const request = discoveryRequest(issuer);
  if (!request.ok) return request;
  const sent = await deps.http.send(request.value, requestTimeoutMs(parsed.value));
  if (!sent.ok) return sent;
  const profile = await applyDiscovery(parsed.value, issuer, sent.value);
  return profile.ok ? ok({ profile: profile.value }) : profile;
}

/** One handler per message type; each answers plain data. */
export async function handle(
  deps: Deps,
  prompts: Prompts,
  request: Request,
): Promise<Reply<Replies[Request['type']]>> {
  switch (request.type) {
    case 'status': {
      const profiles = await deps.store.profiles();
      return ok({ providers: await Promise.all(profiles.map((p) => view(deps, p))) });
    }
    case 'connect': {
      const tokens = await connect(deps, request.providerId, request.credentials);
      return tokens.ok ? ok({ expiresAt: tokens.value.expiresAt }) : tokens;
    }
    case 'disconnect':
      return disconnect(deps, request.providerId);
    case 'refresh':
      return refreshNow(deps, request.providerId, request.retryInterrupted === true);
    case 'getToken':
      return getToken(deps, request.providerId, (request.minValiditySeconds ?? 0) * 1000);
    case 'saveProfile':
      return saveProfile(deps, request.profile, request.keepSecrets === true);
    case 'deleteProfile':
      return deleteProfile(deps, request.providerId);
    case 'getProfile':
      return getProfile(deps, request.providerId);
    case 'discover':
      return discover(deps, request.profile);
    case 'inspect':
      return inspect(deps, request.providerId);
    case 'tester':
      return testerAction(deps, request.providerId, request.action);
    case 'testRefresh':
      return testRefresh(deps, request.providerId);
    case 'exportProfiles':
      return exportAll(deps);
    case 'importProfiles':
      return importAll(deps, request.text, request.apply);
    case 'consentAnswer':
      return ok({ answered: prompts.answer(request.requestId, request.allow) });
    case 'listAccess':
      return listAccess(deps);
    case 'revokeGrant':
      return revokeGrant(deps, request.origin, request.providerId);
    case 'addSite':
      return addSite(deps, request.origin);
    case 'removeSite':
      return removeSite(deps, request.origin);
  }
}

/**
 * The one message router (an async listener answers every message, so there is only one). The
 * extension's own pages speak the trusted protocol. Content scripts share the extension id, so the
 * sender's URL tells them apart: the page bridge may only carry a page's request, judged by the
 * origin the browser gives. Nothing is handled before the worker's start-up `ready`.
 */
export function route(
  deps: Deps,
  prompts: Prompts,
  extension: { id: string; origin: string },
  ready: Promise<unknown>,
) {
  return (message: unknown, sender: Sender): Promise<unknown> | undefined => {
    if (sender.id !== extension.id) return undefined;
    if (!sender.url?.startsWith(extension.origin)) {
      if (!sender.fromTab || (message as Envelope | null)?.channel !== 'page') return undefined;
      return pageRequest(deps, prompts, ready, message, sender, 'bridge');
    }
    const request = parseRequest(message);
    if (!request.ok) return Promise.resolve(request);
    const valid = request.value;
    return ready.then(() => handle(deps, prompts, valid));
  };
}

/** Messages from web pages through `externally_connectable` (Chrome, localhost only). */
export function routeExternal(deps: Deps, prompts: Prompts, ready: Promise<unknown>) {
  return (message: unknown, sender: Sender): Promise<unknown> =>
    pageRequest(deps, prompts, ready, message, sender, 'externally_connectable');
}

/** What a web page sends, by either way: its request inside an envelope. */
interface Envelope {
  readonly channel?: unknown;
  readonly request?: unknown;
}

/** A page's request, answered after start-up and judged by the origin the browser gives. */
function pageRequest(
  deps: Deps,
  prompts: Prompts,
  ready: Promise<unknown>,
  message: unknown,
  sender: Sender,
  via: 'bridge' | 'externally_connectable',
): Promise<unknown> {
  const { request } = (message ?? {}) as Envelope;
  return ready.then(() => handlePageRequest(deps, prompts.ask, sender.origin, request, via));
}
