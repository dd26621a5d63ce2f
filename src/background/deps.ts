import type { HeaderRule } from '../core/header-rules';
import type { Alarms, Attention, Clock, Http, Identity, Locks } from '../browser/ports';
import type { ConsentStore } from './consent-store';
import type { Store } from './store';

/** Everything the worker's logic touches outside itself; tests pass fakes. */
export interface Deps {
  readonly store: Store;
  readonly alarms: Alarms;
  readonly http: Http;
  readonly identity: Identity;
  readonly attention: Attention;
  readonly clock: Clock;
  readonly locks: Locks;
  readonly consent: ConsentStore;
  /** The browser's policy for this extension (`storage.managed`): `{}` when none is set. */
  readonly managed: () => Promise<Record<string, unknown>>;
  /** Registers the page bridge on exactly these origins. */
  readonly syncBridge: (origins: readonly string[]) => Promise<void>;
  /**
   * Replaces the rules that add `Authorization` headers to matching requests, one group per
   * provider; answers the indexes of the groups the browser refused (those are left out).
   */
  readonly setHeaderRules: (groups: readonly (readonly HeaderRule[])[]) => Promise<number[]>;
}
