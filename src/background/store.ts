import type { FieldError } from '../core/failure';
import { parseProfile } from '../core/profile/parse';
import type { Profile } from '../core/profile/types';
import type { KeyValueArea } from '../browser/ports';
import {
  ASIDE_PREFIX,
  IDENTITIES_PREFIX,
  MANAGED_KEY,
  PROFILE_PREFIX,
  RECORD_PREFIX,
  asideKey,
  identitiesKey,
  profileKey,
  providerOfKey,
  recordKey,
} from './storage-keys';
import type { IdentityEntry } from '../core/identity';
import {
  parseIdentityList,
  parseRecord,
  type IdentityList,
  type Parsed,
  type ProviderRecord,
} from './records';

/** The lock that one identity's record is read and written under (Web Locks). */
export const recordLock = (id: string, identity: string): string => `record:${id}:${identity}`;
/**
 * The lock a provider's list of identities is changed under. Whoever takes both takes this one
 * first (`withEveryIdentity`), so no two tasks wait for each other.
 */
export const identitiesLock = (id: string): string => `identities:${id}`;

/** A stored value that did not parse when it was read: kept under `aside:<key>`, never used. */
export interface KeptAside {
  /** Where it was stored, and still is until something else is written there. */
  readonly key: string;
  readonly area: 'local' | 'session';
  readonly value: unknown;
  readonly reason: string;
  /** A profile's wrong fields, by path, for the options page to say in the form's words. */
  readonly fields?: readonly FieldError[];
  readonly keptAt: number;
}

/**
 * Copies a stored value that did not parse under `aside:<key>`, in its own area, unless that copy
 * is already there: reading it again, in this worker or the next, keeps the first copy's time.
 */
export async function keepAside(
  area: KeyValueArea,
  entry: Omit<KeptAside, 'keptAt' | 'fields'> & {
    readonly fields?: readonly FieldError[] | undefined;
  },
  keptAt: number,
): Promise<void> {
  const aside = asideKey(entry.key);
  const kept = (await area.get(aside))[aside] as KeptAside | undefined;
  if (kept !== undefined && JSON.stringify(kept.value) === JSON.stringify(entry.value)) return;
  const { fields, ...rest } = entry;
  await area.set({ [aside]: { ...rest, ...(fields && { fields }), keptAt } });
}

type Parse = (
  key: string,
  value: unknown,
) => Parsed<unknown> & { readonly fields?: readonly FieldError[] };

/**
 * A copy in memory of the keys the store owns in one storage area (profiles, identity lists and
 * records). The worker is their only writer, so what it read or wrote stays true for as long as
 * it lives; a new worker starts with nothing and reads storage again (docs/architecture.md, "One
 * writer"). Every write reaches storage before the copy changes. A read that a write overtook does
 * not overwrite the newer value in the copy: each key counts its writes.
 *
 * What is read from storage is parsed once, as it comes in: a value that does not parse is copied
 * aside (`KeptAside`) before anything could overwrite it, and is remembered as absent.
 */
function remembered(
  area: KeyValueArea,
  name: KeptAside['area'],
  parse: Parse,
  now: () => number,
  changed: () => void,
) {
  const owned = (key: string) =>
    [PROFILE_PREFIX, IDENTITIES_PREFIX, RECORD_PREFIX].some((prefix) => key.startsWith(prefix));
  const known = new Map<string, unknown>();
  const writes = new Map<string, number>();
  let anyWrites = 0;
  let complete = false;
  const wrote = (items: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(items)) {
      writes.set(key, (writes.get(key) ?? 0) + 1);
      known.set(key, value);
    }
    anyWrites += 1;
    changed();
  };
  /** The value as this build reads it, or `undefined` once a copy of it is kept aside. */
  const readable = async (key: string, value: unknown): Promise<unknown> => {
    if (value === undefined) return undefined;
    const parsed = parse(key, value);
    if (parsed.ok) return parsed.value;
    await keepAside(
      area,
      { key, area: name, value, reason: parsed.reason, fields: parsed.fields },
      now(),
    );
    return undefined;
  };
  return {
    /** Every owned key that has a readable value. */
    async entries(): Promise<[string, unknown][]> {
      if (!complete) {
        const before = new Map(writes);
        const since = anyWrites;
        const stored = await area.get(null);
        for (const [key, value] of Object.entries(stored)) {
          if (!owned(key)) continue;
          const read = await readable(key, value);
          if (writes.get(key) === before.get(key)) known.set(key, read);
        }
        complete = anyWrites === since;
      }
      return [...known].filter(([, value]) => value !== undefined);
    },
    async get(key: string): Promise<unknown> {
      if (known.has(key) || complete) return known.get(key);
      const before = writes.get(key);
      const value = await readable(key, (await area.get(key))[key]);
      if (writes.get(key) === before) known.set(key, value);
      return value;
    },
    /** Writes several keys in one `storage.set`. */
    async set(items: Record<string, unknown>): Promise<void> {
      await area.set(items);
      wrote(items);
    },
    async remove(keys: readonly string[]): Promise<void> {
      await area.remove([...keys]);
      wrote(Object.fromEntries(keys.map((key) => [key, undefined])));
    },
    /** Removes every owned key that `which` picks, read or not. */
    async removeWhere(which: (key: string) => boolean): Promise<void> {
      const keys = Object.keys(await area.get(null)).filter((key) => owned(key) && which(key));
      if (keys.length > 0) await this.remove(keys);
    },
    /** Every value kept aside in this area. */
    async keptAside(): Promise<KeptAside[]> {
      const stored = await area.get(null);
      return Object.entries(stored)
        .filter(([key]) => key.startsWith(ASIDE_PREFIX))
        .map(([, entry]) => entry as KeptAside);
    },
    /** Forgets a kept-aside value, and the original too while it still holds the same value. */
    async dropAside(key: string): Promise<void> {
      const aside = asideKey(key);
      const stored = await area.get([aside, key]);
      const kept = stored[aside] as KeptAside | undefined;
      if (kept === undefined) return;
      // A consent list's readable entries are in use: only the store's own keys go with their copy.
      const same = owned(key) && JSON.stringify(stored[key]) === JSON.stringify(kept.value);
      await area.remove(same ? [aside, key] : [aside]);
      if (same) wrote({ [key]: undefined });
    },
  };
}

const profileWords = (fields: readonly FieldError[]) =>
  `it is not a profile this version reads (${fields.length === 1 ? 'one field is' : `${fields.length} fields are`} wrong)`;

/** Parses each kind of key the store owns; a profile must also be stored under its own id. */
const parseStored: Parse = (key, value) => {
  if (key.startsWith(PROFILE_PREFIX)) {
    const result = parseProfile(value, { requireSecrets: false });
    if (!result.ok) {
      const fields = result.error.fields ?? [];
      return { ok: false, reason: profileWords(fields), fields };
    }
    return profileKey(result.value.id) === key
      ? result
      : { ok: false, reason: 'its id is not the one it is stored under' };
  }
  return key.startsWith(IDENTITIES_PREFIX) ? parseIdentityList(value) : parseRecord(value);
};

/** Picks the keys of a provider's identity list and records. */
const ofProvider = (id: string) => (key: string) =>
  key === identitiesKey(id) || key.startsWith(recordKey(id, ''));

/**
 * Profiles live in `storage.local`; a provider's identities and their records live there too, or
 * in `storage.session` when its profile says "forget when the browser closes"
 * (`storage-keys.ts`). The worker is the only writer. `changed` hears of every write, once it
 * reached storage.
 *
 * An identity's record is written before the list names it, and the list stops naming it before
 * its record goes: a worker that dies between the two leaves a record no list names, which is
 * never read and goes at the next start (`dropUnlisted`), never a listed identity without tokens.
 */
export function createStore(
  localArea: KeyValueArea,
  sessionArea: KeyValueArea,
  changed: () => void = () => undefined,
  now: () => number = Date.now,
) {
  const local = remembered(localArea, 'local', parseStored, now, changed);
  const session = remembered(sessionArea, 'session', parseStored, now, changed);
  const areaOf = (profile: Pick<Profile, 'forgetOnClose'>) =>
    profile.forgetOnClose ? session : local;
  const identities = async (profile: Profile) =>
    (await areaOf(profile).get(identitiesKey(profile.id))) as IdentityList | undefined;
  /** Every key of a provider's identities in its area: the list, then each record. */
  const identityKeys = async (profile: Profile) => {
    const list = await identities(profile);
    return list
      ? [identitiesKey(profile.id), ...list.identities.map(({ key }) => recordKey(profile.id, key))]
      : [];
  };
  return {
    /** The ids of the profiles the organization's policy set, as last applied (`policy.ts`). */
    async managed(): Promise<string[]> {
      const { [MANAGED_KEY]: ids } = await localArea.get(MANAGED_KEY);
      return Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [];
    },
    /** No policy profiles: no key at all. */
    async setManaged(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) await localArea.remove(MANAGED_KEY);
      else await localArea.set({ [MANAGED_KEY]: [...ids] });
    },
    async profiles(): Promise<Profile[]> {
      return (await local.entries())
        .filter(([key]) => key.startsWith(PROFILE_PREFIX))
        .map(([, value]) => value as Profile);
    },
    async profile(id: string): Promise<Profile | undefined> {
      return (await local.get(profileKey(id))) as Profile | undefined;
    },
    async saveProfile(profile: Profile, previous: Profile | undefined): Promise<void> {
      // A change of "forget when the browser closes" moves the identities to the other area.
      if (previous && previous.forgetOnClose !== profile.forgetOnClose) {
        const from = areaOf(previous);
        const keys = await identityKeys(previous);
        const values = await Promise.all(
          keys.map(async (key): Promise<[string, unknown]> => [key, await from.get(key)]),
        );
        await from.remove(keys);
        const moved = values.filter(([, value]) => value !== undefined);
        if (moved.length > 0) await areaOf(profile).set(Object.fromEntries(moved));
      }
      await local.set({ [profileKey(profile.id)]: profile });
    },
    async deleteProfile(profile: Profile): Promise<void> {
      await areaOf(profile).remove(await identityKeys(profile));
      await local.remove([profileKey(profile.id)]);
    },
    /** The provider's identities and which is active; `undefined` when it is signed out. */
    identities,
    /** An identity's record (the active one's when `key` is not given). */
    async record(profile: Profile, key?: string): Promise<ProviderRecord | undefined> {
      const list = await identities(profile);
      const wanted = key ?? list?.active;
      if (!list || !list.identities.some((entry) => entry.key === wanted)) return undefined;
      return (await areaOf(profile).get(recordKey(profile.id, wanted ?? ''))) as
        ProviderRecord | undefined;
    },
    /** Replaces the record of an identity the list names (the caller holds its lock). */
    async putRecord(profile: Profile, key: string, record: ProviderRecord): Promise<void> {
      await areaOf(profile).set({ [recordKey(profile.id, key)]: record });
    },
    /**
     * Stores a new identity: its record, then the list that names it (`active` when `activate`,
     * or when it is the first).
     */
    async addIdentity(
      profile: Profile,
      entry: IdentityEntry,
      record: ProviderRecord,
      activate: boolean,
    ): Promise<void> {
      const area = areaOf(profile);
      const list = await identities(profile);
      await area.set({ [recordKey(profile.id, entry.key)]: record });
      const next: IdentityList = {
        active: list && !activate ? list.active : entry.key,
        identities: [...(list?.identities ?? []), entry],
      };
      await area.set({ [identitiesKey(profile.id)]: next });
    },
    /** Changes the list only (names, the active identity); every identity in it stays. */
    async putIdentities(profile: Profile, list: IdentityList): Promise<void> {
      await areaOf(profile).set({ [identitiesKey(profile.id)]: list });
    },
    /**
     * Removes one identity: the list stops naming it, then its record goes. The last one takes the
     * list with it (signed out); an active one that goes leaves the first of the others active.
     */
    async removeIdentity(profile: Profile, key: string): Promise<void> {
      const area = areaOf(profile);
      const list = await identities(profile);
      const rest = (list?.identities ?? []).filter((entry) => entry.key !== key);
      if (rest.length === 0) await area.remove([identitiesKey(profile.id)]);
      else {
        const active = list?.active === key ? (rest[0]?.key ?? '') : (list?.active ?? '');
        await area.set({ [identitiesKey(profile.id)]: { active, identities: rest } });
      }
      await area.remove([recordKey(profile.id, key)]);
    },
    /** Signs the provider out: its identities and their records are gone. */
    async removeIdentities(profile: Profile): Promise<void> {
      await areaOf(profile).remove(await identityKeys(profile));
    },
    /**
     * Removes records that no identity list names (a worker died between writing a record and
     * its list, or between the two halves of a removal). A provider whose list was kept aside
     * keeps its records with it, for the user to remove.
     */
    async dropUnlisted(): Promise<void> {
      for (const area of [local, session]) {
        const listed = new Set<string>();
        const records: string[] = [];
        for (const [key, value] of await area.entries()) {
          if (key.startsWith(IDENTITIES_PREFIX)) {
            const id = providerOfKey(key);
            for (const entry of (value as IdentityList).identities)
              listed.add(recordKey(id, entry.key));
          } else if (key.startsWith(RECORD_PREFIX)) records.push(key);
        }
        const unlisted = records.filter((key) => !listed.has(key));
        // Nearly every start finds none: what was kept aside is read only when there are some.
        if (unlisted.length === 0) continue;
        const aside = new Set((await area.keptAside()).map(({ key }) => key));
        const orphans = unlisted.filter((key) => !aside.has(identitiesKey(providerOfKey(key))));
        if (orphans.length > 0) await area.remove(orphans);
      }
    },
    /** Every stored value that did not parse, in both areas. */
    async keptAside(): Promise<KeptAside[]> {
      return [...(await local.keptAside()), ...(await session.keptAside())];
    },
    /**
     * Forgets a kept-aside value. A profile takes its provider's identities with it: no profile
     * read them, and none other may, even one that takes its id later.
     */
    async dropKeptAside(key: string, area: KeptAside['area']): Promise<void> {
      await (area === 'session' ? session : local).dropAside(key);
      if (!key.startsWith(PROFILE_PREFIX)) return;
      for (const each of [local, session]) await each.removeWhere(ofProvider(providerOfKey(key)));
    },
  };
}

export type Store = ReturnType<typeof createStore>;
