import type { Failure } from '../core/failure';
import type { Profile } from '../core/profile/types';
import type { Failures } from '../core/refresh-plan';
import type { TokenSet } from '../core/token-set';
import type { KeyValueArea } from '../browser/ports';
import type { ProviderStatus, TimelineEntry } from '../shared/protocol';

/**
 * One provider's tokens and state, stored under one key so that a single `storage.set` writes
 * both. No record means signed out.
 */
export interface ProviderRecord {
  readonly tokens: TokenSet;
  readonly status: ProviderStatus;
  readonly error?: Failure;
  readonly failures?: Failures;
  /**
   * A refresh request that was sent, written down before it went out: when, and which refresh
   * token it carried (its fingerprint, never the token). Gone once an answer is stored; still
   * there when the request got no answer, whose token the server may have spent.
   */
  readonly attempt?: { readonly startedAt: number; readonly fingerprint: string };
  readonly lastRefreshAt?: number;
  /** Tester tool: this provider's clock runs this far ahead of the real one. */
  readonly clockShiftMs?: number;
  /** The tokens issued, newest first: times and what changed, never a token value. */
  readonly timeline?: readonly TimelineEntry[];
}

/** The lock that one provider's record is read and written under (Web Locks). */
export const recordLock = (id: string): string => `record:${id}`;

const PROFILE_PREFIX = 'profile:';
const RECORD_PREFIX = 'provider:';

/**
 * A copy in memory of the keys the store owns in one storage area (profiles and records). The
 * worker is their only writer, so what it read or wrote stays true for as long as it lives; a new
 * worker starts with nothing and reads storage again (docs/architecture.md, "One writer"). Every
 * write reaches storage before the copy changes. A read that a write overtook does not overwrite
 * the newer value in the copy: each key counts its writes.
 */
function remembered(area: KeyValueArea, changed: () => void) {
  const owned = (key: string) => key.startsWith(PROFILE_PREFIX) || key.startsWith(RECORD_PREFIX);
  const known = new Map<string, unknown>();
  const writes = new Map<string, number>();
  let anyWrites = 0;
  let complete = false;
  const wrote = (key: string, value: unknown) => {
    writes.set(key, (writes.get(key) ?? 0) + 1);
    anyWrites += 1;
    known.set(key, value);
    changed();
  };
  return {
    /** Every owned key that has a value. */
    async entries(): Promise<[string, unknown][]> {
      if (!complete) {
        const before = new Map(writes);
        const since = anyWrites;
        const stored = await area.get(null);
        for (const [key, value] of Object.entries(stored)) {
          if (owned(key) && writes.get(key) === before.get(key)) known.set(key, value);
        }
        complete = anyWrites === since;
      }
      return [...known].filter(([, value]) => value !== undefined);
    },
    async get(key: string): Promise<unknown> {
      if (known.has(key) || complete) return known.get(key);
      const before = writes.get(key);
      const value = (await area.get(key))[key];
      if (writes.get(key) === before) known.set(key, value);
      return value;
    },
    async set(key: string, value: unknown): Promise<void> {
      await area.set({ [key]: value });
      wrote(key, value);
    },
    async remove(key: string): Promise<void> {
      await area.remove(key);
      wrote(key, undefined);
    },
  };
}

/**
 * Profiles live in `storage.local`; a provider's record lives there too, or in `storage.session`
 * when its profile says "forget when the browser closes". The worker is the only writer.
 * `changed` hears of every write, once it reached storage.
 */
export function createStore(
  localArea: KeyValueArea,
  sessionArea: KeyValueArea,
  changed: () => void = () => undefined,
) {
  const local = remembered(localArea, changed);
  const session = remembered(sessionArea, changed);
  const areaOf = (profile: Profile) => (profile.forgetOnClose ? session : local);
  const recordKey = (id: string) => `${RECORD_PREFIX}${id}`;
  return {
    async profiles(): Promise<Profile[]> {
      return (await local.entries())
        .filter(([key]) => key.startsWith(PROFILE_PREFIX))
        .map(([, value]) => value as Profile);
    },
    async profile(id: string): Promise<Profile | undefined> {
      return (await local.get(`${PROFILE_PREFIX}${id}`)) as Profile | undefined;
    },
    async saveProfile(profile: Profile, previous: Profile | undefined): Promise<void> {
      // A change of "forget when the browser closes" moves the tokens to the other area.
      if (previous && previous.forgetOnClose !== profile.forgetOnClose) {
        const record = await areaOf(previous).get(recordKey(profile.id));
        await areaOf(previous).remove(recordKey(profile.id));
        if (record !== undefined) await areaOf(profile).set(recordKey(profile.id), record);
      }
      await local.set(`${PROFILE_PREFIX}${profile.id}`, profile);
    },
    async deleteProfile(profile: Profile): Promise<void> {
      await areaOf(profile).remove(recordKey(profile.id));
      await local.remove(`${PROFILE_PREFIX}${profile.id}`);
    },
    async record(profile: Profile): Promise<ProviderRecord | undefined> {
      return (await areaOf(profile).get(recordKey(profile.id))) as ProviderRecord | undefined;
    },
    async putRecord(profile: Profile, record: ProviderRecord): Promise<void> {
      await areaOf(profile).set(recordKey(profile.id), record);
    },
    async removeRecord(profile: Profile): Promise<void> {
      await areaOf(profile).remove(recordKey(profile.id));
    },
  };
}

export type Store = ReturnType<typeof createStore>;
