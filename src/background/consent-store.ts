import type { Denial, Grant } from '../core/consent';
import type { KeyValueArea } from '../browser/ports';

/** Which origin got a token for which provider, and when. Never the token. */
export interface AuditEntry {
  readonly origin: string;
  readonly provider: string;
  readonly at: number;
}

const KEEP_AUDIT = 200;

/**
 * Consent lives beside the tokens: grants, the sites the bridge runs on, and the audit in
 * `storage.local`; denials in `storage.session` (a cooldown, not a memory).
 */
export function createConsentStore(local: KeyValueArea, session: KeyValueArea) {
  const read = async <T>(area: KeyValueArea, key: string): Promise<T[]> =>
    ((await area.get(key))[key] as T[] | undefined) ?? [];
  return {
    grants: () => read<Grant>(local, 'grants'),
    putGrants: (grants: readonly Grant[]) => local.set({ grants }),
    denials: () => read<Denial>(session, 'denials'),
    putDenials: (denials: readonly Denial[]) => session.set({ denials }),
    sites: () => read<string>(local, 'sites'),
    putSites: (sites: readonly string[]) => local.set({ sites }),
    audit: () => read<AuditEntry>(local, 'audit'),
    async appendAudit(entry: AuditEntry): Promise<void> {
      await local.set({
        audit: [entry, ...(await read<AuditEntry>(local, 'audit'))].slice(0, KEEP_AUDIT),
      });
    },
  };
}

export type ConsentStore = ReturnType<typeof createConsentStore>;
