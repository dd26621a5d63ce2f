import type { KeyValueArea } from '../browser/ports';
import { FIRST_IDENTITY, type IdentityList } from './records';
import { LEGACY_RECORD_PREFIX, SCHEMA_KEY, identitiesKey, recordKey } from './storage-keys';

/**
 * One step of the stored data's shape, from the version before `to` to `to`. `run` is given each
 * storage area in turn, and may be run again on data it already changed, in part or whole: a
 * worker can stop between any two writes (docs/architecture.md, "Migrations").
 */
export interface Migration {
  readonly to: number;
  readonly what: string;
  readonly run: (area: KeyValueArea) => Promise<void>;
}

/**
 * Schema 0 → 1: a provider's one sign-in, `provider:<id>`, becomes its first identity, active. The
 * copy is written before the old key is removed, and written again while either half of it is
 * missing, so a stop at any point leaves the sign-in where the next run finds it.
 */
async function firstIdentity(area: KeyValueArea): Promise<void> {
  const stored = await area.get(null);
  for (const [key, record] of Object.entries(stored)) {
    if (!key.startsWith(LEGACY_RECORD_PREFIX)) continue;
    const id = key.slice(LEGACY_RECORD_PREFIX.length);
    const list: IdentityList = { active: FIRST_IDENTITY, identities: [{ key: FIRST_IDENTITY }] };
    if (
      stored[identitiesKey(id)] === undefined ||
      stored[recordKey(id, FIRST_IDENTITY)] === undefined
    )
      await area.set({ [identitiesKey(id)]: list, [recordKey(id, FIRST_IDENTITY)]: record });
    await area.remove(key);
  }
}

/** Every step, in order; the last one's `to` is `SCHEMA_VERSION`. */
export const MIGRATIONS: readonly Migration[] = [
  { to: 1, what: 'a provider’s one sign-in becomes its first identity', run: firstIdentity },
];

/**
 * Brings stored data to `SCHEMA_VERSION` before the worker reads any of it: each step newer than
 * the stored version runs on both areas, then the version is written. Data from a newer build
 * (a downgrade) is left as it is; what this build cannot read of it is kept aside as it is read.
 */
export async function migrate(
  local: KeyValueArea,
  session: KeyValueArea,
  steps: readonly Migration[] = MIGRATIONS,
): Promise<void> {
  const stored = (await local.get(SCHEMA_KEY))[SCHEMA_KEY];
  let version = typeof stored === 'number' ? stored : 0;
  for (const step of steps) {
    if (step.to <= version) continue;
    await step.run(local);
    await step.run(session);
    await local.set({ [SCHEMA_KEY]: step.to });
    version = step.to;
  }
}
