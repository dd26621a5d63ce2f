import { applyDiscovery, discoveryRequest } from '../core/discovery';
import { fail, invalidFields, ok, type FieldError } from '../core/failure';
import { injectClashes } from '../core/header-rules';
import { parseProfile } from '../core/profile/parse';
import { editMoves } from '../core/profile/targets';
import { requestTimeoutMs, type Profile } from '../core/profile/types';
import type { Reply } from '../shared/protocol';
import { syncBrowser } from './browser-sync';
import { disconnect } from './connection';
import type { Deps } from './deps';
import { unknownProvider } from './errors';
import { schedule } from './schedule';
import { PROFILE_PREFIX, providerOfKey } from './storage-keys';
import { withEveryIdentity } from './identities';

export interface Saved {
  /** Why nothing was saved: prefixes another profile injects, an id a kept-aside profile holds. */
  readonly clashes: readonly FieldError[];
  /** Connected providers whose tokens were forgotten, because the new version sends elsewhere. */
  readonly signedOut: readonly string[];
}

/**
 * Stores checked profiles, all or none: none when one injects a prefix another profile has
 * (`pathOf` names each profile's place in what the user gave). Each is saved under its provider's
 * lock; its alarms and the header rules follow at once.
 *
 * Tokens were given for the places the stored version sends them: where `moved` says the new
 * version sends them elsewhere, the stored tokens are forgotten (nothing is sent anywhere) and the
 * pages allowed for the provider are asked again (as they are for a new client id), so a changed profile can never carry the user's
 * tokens to a host they were not meant for.
 */
export async function saveProfiles(
  deps: Deps,
  profiles: readonly Profile[],
  pathOf: (i: number) => string,
  moved: (previous: Profile, next: Profile) => boolean,
  /** A stored profile these replace under another id (a rename): no clash with itself. */
  replacing?: string,
): Promise<Saved> {
  const stored = (await deps.store.profiles()).filter((s) => s.id !== replacing);
  const clashes = [
    ...(await heldAside(deps, profiles, pathOf)),
    ...clashesOf(stored, profiles, pathOf),
  ];
  if (clashes.length > 0) return { clashes, signedOut: [] };
  const signedOut: string[] = [];
  for (const profile of profiles) {
    const previous = stored.find((s) => s.id === profile.id);
    const forget = previous !== undefined && moved(previous, profile);
    const keys = await withEveryIdentity(deps, previous ?? profile, async () => {
      const held = (await deps.store.identities(previous ?? profile))?.identities ?? [];
      await deps.store.saveProfile(profile, previous);
      if (forget && held.length > 0) {
        signedOut.push(profile.id);
        await deps.store.removeIdentities(profile);
      }
      return held.map(({ key }) => key);
    });
    // Pages were allowed tokens of this provider and client: another one asks them again.
    const otherClient =
      previous !== undefined && previous.client.clientId !== profile.client.clientId;
    if (forget || otherClient) await forgetGrants(deps, profile.id);
    for (const key of keys)
      await schedule(deps, profile, key, await deps.store.record(profile, key));
  }
  await syncBrowser(deps);
  return { clashes: [], signedOut };
}

/**
 * Ids of `profiles` that a stored profile this version could not read still holds: its tokens are
 * under that id, and no other profile may take them over. The user removes it first.
 */
async function heldAside(
  deps: Deps,
  profiles: readonly Profile[],
  pathOf: (i: number) => string,
): Promise<FieldError[]> {
  const held = new Set(
    (await deps.store.keptAside()).flatMap(({ key }) =>
      key.startsWith(PROFILE_PREFIX) ? [providerOfKey(key)] : [],
    ),
  );
  return profiles.flatMap((profile, i) =>
    held.has(profile.id)
      ? [
          {
            path: `${pathOf(i)}id`,
            message:
              'is held by a stored profile that could not be read: remove it under “Kept aside” first',
          },
        ]
      : [],
  );
}

/** Prefixes of `profiles` that another profile, stored or among them, injects too. */
export function clashesOf(
  stored: readonly Profile[],
  profiles: readonly Profile[],
  pathOf: (i: number) => string,
): FieldError[] {
  const all = [...stored.filter((s) => !profiles.some((p) => p.id === s.id)), ...profiles];
  return profiles.flatMap((profile, i) =>
    injectClashes(profile, all).map((e) => ({ ...e, path: `${pathOf(i)}${e.path}` })),
  );
}

/** Takes back every page's access to a provider: its next request asks the user again. */
export async function forgetGrants(deps: Deps, id: string): Promise<void> {
  if ((await deps.consent.grants()).some((g) => g.provider === id))
    await deps.consent.changeGrants((grants) => grants.filter((g) => g.provider !== id));
}

/**
 * Why a provider cannot take a new id now, if it cannot: its tokens, alarm and timeline are stored
 * under its id, so it changes only while signed out (nothing to lose if the worker stops half way:
 * at worst the same profile twice); and the new id must be free.
 */
async function renameRefusal(deps: Deps, from: string, to: unknown) {
  const stored = await deps.store.profile(from);
  if (!stored) return unknownProvider(from);
  const refuse = (message: string) =>
    invalidFields('invalid_profile', 'The id cannot change now.', [{ path: 'id', message }]);
  if (await deps.store.record(stored))
    return refuse(
      `can change only while ${stored.name} is not signed in (its tokens are stored under its id): Disconnect it first`,
    );
  const taken = typeof to === 'string' ? await deps.store.profile(to) : undefined;
  return taken ? refuse(`is already ${taken.name}’s`) : undefined;
}

/** The old id's page grants and denials follow the provider to its new id; the old id is gone. */
async function finishRename(deps: Deps, old: Profile, to: string): Promise<void> {
  const moved = <T extends { provider: string }>(list: T[]) =>
    list.map((entry) => (entry.provider === old.id ? { ...entry, provider: to } : entry));
  await deps.consent.changeGrants(moved);
  await deps.consent.changeDenials(moved);
  await deps.store.deleteProfile(old);
  await syncBrowser(deps);
}

export async function saveProfile(
  deps: Deps,
  input: unknown,
  keepSecrets: boolean,
  /** The id the edited profile had, when the user changed it. */
  renameFrom?: string,
): Promise<Reply<'saveProfile'>> {
  // The options page never holds stored secrets: what it leaves out, the stored profile keeps,
  // as long as the profile sends them to the hosts they were saved for.
  const id = (input as { id?: unknown } | null)?.id;
  const renaming = renameFrom !== undefined && renameFrom !== id;
  if (renaming) {
    const refused = await renameRefusal(deps, renameFrom, id);
    if (refused) return refused;
  }
  const storedId = renaming ? renameFrom : id;
  const stored = typeof storedId === 'string' ? await deps.store.profile(storedId) : undefined;
  const given = (input as { secrets?: object } | null)?.secrets ?? {};
  // A profile the organization sets is read-only: only its secrets are the user's to set.
  const managed = stored !== undefined && (await deps.store.managed()).includes(stored.id);
  if (managed && renaming)
    return fail(
      'misconfigured',
      'set_by_policy',
      `${stored.name} is set by your organization: its id cannot change.`,
    );
  const source = managed ? { ...stored, secrets: given } : input;
  const draft = parseProfile(source, { requireSecrets: false });
  const moved = stored !== undefined && draft.ok && editMoves(stored, draft.value);
  const merged =
    (keepSecrets || managed) && stored && !moved && typeof source === 'object'
      ? { ...source, secrets: { ...stored.secrets, ...given } }
      : source;
  const parsed = parseProfile(merged);
  if (!parsed.ok && moved) {
    const fields = [
      ...(parsed.error.fields ?? []),
      {
        path: 'secrets',
        message:
          'stored secrets stay with the hosts they were saved for: enter them again for the new host',
      },
    ];
    return invalidFields('invalid_profile', `The profile has ${fields.length} problem(s).`, fields);
  }
  if (!parsed.ok) return parsed;
  const saved = await saveProfiles(
    deps,
    [parsed.value],
    () => '',
    editMoves,
    renaming ? renameFrom : undefined,
  );
  if (saved.clashes.length > 0)
    return invalidFields(
      'invalid_profile',
      'This profile clashes with another one.',
      saved.clashes,
    );
  if (renaming && stored) await finishRename(deps, stored, parsed.value.id);
  return ok({ id: parsed.value.id, signedOut: saved.signedOut.length > 0 });
}

/** Deletes a profile the user added; one the organization's policy sets stays. */
export async function deleteProfile(deps: Deps, id: string): Promise<Reply<'deleteProfile'>> {
  const profile = await deps.store.profile(id);
  if (profile && (await deps.store.managed()).includes(id))
    return fail(
      'misconfigured',
      'set_by_policy',
      `${profile.name} is set by your organization: it stays until its policy no longer sets it.`,
    );
  return deleteProfileNow(deps, id);
}

/** Deletes a profile: its tokens revoked where the provider can, its grants forgotten. */
export async function deleteProfileNow(deps: Deps, id: string): Promise<Reply<'deleteProfile'>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const signedIn = (await deps.store.record(profile)) !== undefined;
  const disconnected = await disconnect(deps, id);
  await deps.store.deleteProfile(profile);
  // A later profile under this id is another provider: no page keeps access to it.
  await forgetGrants(deps, id);
  await syncBrowser(deps);
  const message = !signedIn
    ? 'It was not signed in: there was nothing to revoke.'
    : disconnected.ok
      ? disconnected.value.message
      : disconnected.error.message;
  return ok({ id, message });
}

export async function getProfile(deps: Deps, id: string): Promise<Reply<'getProfile'>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
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
export async function discover(deps: Deps, input: unknown): Promise<Reply<'discover'>> {
  const parsed = parseProfile(input, { requireSecrets: false });
  if (!parsed.ok) return parsed;
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
