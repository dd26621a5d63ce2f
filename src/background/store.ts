import type { FieldError } from '../core/failure';
import { parseProfile } from '../core/profile/parse';
import type { Profile } from '../core/profile/types';
import type { KeyValueArea } from '../browser/ports';
import {
  ASIDE_PREFIX,
  IDENTITIES_PREFIX,
  PROFILE_PREFIX,
  RECORD_PREFIX,
  asideKey,
  identitiesKey,
  profileKey,
  providerOfKey,
  recordKey,
} from './storage-keys';
import {
  FIRST_IDENTITY,
  parseIdentityList,
  parseRecord,
  type IdentityList,
  type Parsed,
  type ProviderRecord,
} from './records';

/** The lock that one provider's records are read and written under (Web Locks). */
export const recordLock = (id: string): string => `record:${id}`;

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

const ONE_IDENTITY: IdentityList = {
  active: FIRST_IDENTITY,
  identities: [{ key: FIRST_IDENTITY }],
};

/**
 * Profiles live in `storage.local`; a provider's identities and their records live there too, or
 * in `storage.session` when its profile says "forget when the browser closes"
 * (`storage-keys.ts`). The worker is the only writer. `changed` hears of every write, once it
 * reached storage. Until identities can be added, a provider signs in as its one identity.
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
    /** The active identity's record. */
    async record(profile: Profile): Promise<ProviderRecord | undefined> {
      const list = await identities(profile);
      if (!list) return undefined;
      return (await areaOf(profile).get(recordKey(profile.id, list.active))) as
        ProviderRecord | undefined;
    },
    async putRecord(profile: Profile, record: ProviderRecord): Promise<void> {
      const list = await identities(profile);
      await areaOf(profile).set({
        ...(!list && { [identitiesKey(profile.id)]: ONE_IDENTITY }),
        [recordKey(profile.id, (list ?? ONE_IDENTITY).active)]: record,
      });
    },
    /** Signs the provider out: its identities and their records are gone. */
    async removeRecord(profile: Profile): Promise<void> {
      await areaOf(profile).remove(await identityKeys(profile));
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
