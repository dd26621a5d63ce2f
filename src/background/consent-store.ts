import type { Denial, Grant } from '../core/consent';
import type { KeyValueArea, Locks } from '../browser/ports';
import type { AuditEntry } from '../shared/protocol';
import { CONSENT_ENTRIES, parseList } from './records';
import { AUDIT_KEY, DENIALS_KEY, GRANTS_KEY, SITES_KEY } from './storage-keys';
import { keepAside } from './store';

type ConsentKey = keyof typeof CONSENT_ENTRIES;

const KEEP_AUDIT = 200;

/** Every change of consent data is read, changed and written under this one lock. */
const CONSENT_LOCK = 'consent';

type Edit<T> = (list: T[]) => readonly T[];

/**
 * Consent lives beside the tokens: grants, the sites the bridge runs on, and the audit in
 * `storage.local`; denials in `storage.session` (a cooldown, not a memory). A change is an edit
 * of the list as it is now, run under one lock: two hand-outs at once both reach the audit, and a
 * Revoke is never undone by a consent answer stored at the same moment.
 */
export function createConsentStore(
  local: KeyValueArea,
  session: KeyValueArea,
  locks: Locks,
  now: () => number = Date.now,
) {
  const areas = { local, session };
  type AreaName = keyof typeof areas;
  /** A list as stored, its unreadable entries left out (and the list as stored kept aside). */
  const read = async <T>(name: AreaName, key: ConsentKey): Promise<T[]> => {
    const value = (await areas[name].get(key))[key];
    const { list, reason } = parseList(value, CONSENT_ENTRIES[key]);
    if (reason !== undefined)
      await keepAside(areas[name], { key, area: name, value, reason }, now());
    return list as T[];
  };
  const change = <T>(name: AreaName, key: ConsentKey, edit: Edit<T>): Promise<readonly T[]> =>
    locks(CONSENT_LOCK, async () => {
      const next = edit(await read<T>(name, key));
      await areas[name].set({ [key]: next });
      return next;
    });
  return {
    grants: () => read<Grant>('local', GRANTS_KEY),
    changeGrants: (edit: Edit<Grant>) => change('local', GRANTS_KEY, edit),
    denials: () => read<Denial>('session', DENIALS_KEY),
    changeDenials: (edit: Edit<Denial>) => change('session', DENIALS_KEY, edit),
    sites: () => read<string>('local', SITES_KEY),
    changeSites: (edit: Edit<string>) => change('local', SITES_KEY, edit),
    audit: () => read<AuditEntry>('local', AUDIT_KEY),
    appendAudit: (entry: AuditEntry) =>
      change<AuditEntry>('local', AUDIT_KEY, (audit) => [entry, ...audit].slice(0, KEEP_AUDIT)),
  };
}

export type ConsentStore = ReturnType<typeof createConsentStore>;
