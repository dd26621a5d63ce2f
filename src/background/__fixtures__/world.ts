import { EXTENSION_ID } from '../../shared/page-protocol';
import { fail, ok } from '../../core/failure';
import { createProfile } from '../../core/profile/presets';
import type { HeaderRule } from '../../core/header-rules';
import type { Profile } from '../../core/profile/types';
import type { Attention, Clock, Identity } from '../../browser/ports';
import { fakeAlarms, fakeHttp, memoryArea, memoryLocks } from '../../browser/fakes';
import type { Deps } from '../deps';
import { createConsentStore } from '../consent-store';
import { createPrompts } from '../consent-prompts';
import type { ProviderRecord } from '../records';
import { createStore, type Store } from '../store';

/** A worker's world in memory: its ports faked, and what the browser was told kept to check. */
export interface TestWorld {
  deps: Deps;
  local: ReturnType<typeof memoryArea>;
  session: ReturnType<typeof memoryArea>;
  alarms: ReturnType<typeof fakeAlarms>;
  http: ReturnType<typeof fakeHttp>;
  badges: number[];
  notes: string[];
  clock: Clock & { at: number };
  /** The sign-in pages opened, in order; one without a window starts with "silent ". */
  launches: string[];
  /** Where each next sign-in redirects to: a URL, or one made from the sign-in page's. */
  redirects: (string | ((url: string) => string))[];
  /** Each set of origins the bridge was registered on, in order. */
  bridged: string[][];
  /** Each set of header rules, in order. */
  headerRuleSets: HeaderRule[][];
  /** Tokens the fake browser refuses in a header rule, as Chromium refuses CR or LF. */
  refusedTokens: string[];
  /** What the browser's policy sets for the extension: a test changes it as an admin would. */
  policy: Record<string, unknown>;
}

export function world(): TestWorld {
  const clock = { at: 1_700_000_000_000, now: () => clock.at, random: () => 0.5 };
  const local = memoryArea();
  const locks = memoryLocks();
  const session = memoryArea();
  const alarms = fakeAlarms();
  const http = fakeHttp(clock);
  const badges: number[] = [];
  const notes: string[] = [];
  const launches: string[] = [];
  const redirects: TestWorld['redirects'] = [];
  const bridged: string[][] = [];
  const headerRuleSets: HeaderRule[][] = [];
  const refusedTokens: string[] = [];
  const identity: Identity = {
    redirectUri: `https://${EXTENSION_ID}.chromiumapp.org/`,
    launch: (url, interactive = true) => {
      launches.push(interactive ? url : `silent ${url}`);
      const next = redirects.shift();
      const back = typeof next === 'function' ? next(url) : next;
      return Promise.resolve(
        back === undefined ? fail('reauth', 'sign_in_cancelled', 'Closed.') : ok(back),
      );
    },
  };
  const attention: Attention = {
    badge: (count) => {
      badges.push(count);
      return Promise.resolve();
    },
    notify: (_id, title, message, button) => {
      notes.push(`${title}: ${message}${button === undefined ? '' : ` [${button}]`}`);
      return Promise.resolve();
    },
  };
  const deps: Deps = {
    store: createStore(local, session),
    alarms,
    http,
    identity,
    attention,
    clock,
    locks,
    consent: createConsentStore(local, session, locks),
    managed: () => Promise.resolve(structuredClone(out.policy)),
    syncBridge: (origins) => {
      bridged.push([...origins]);
      return Promise.resolve();
    },
    setHeaderRules: (groups) => {
      const refused = (group: readonly HeaderRule[]) =>
        group.some((r) => refusedTokens.some((t) => r.action.requestHeaders[0]?.value.includes(t)));
      headerRuleSets.push(groups.filter((g) => !refused(g)).flat());
      return Promise.resolve(groups.flatMap((g, i) => (refused(g) ? [i] : [])));
    },
  };
  const out: TestWorld = {
    deps,
    policy: {},
    local,
    session,
    alarms,
    http,
    badges,
    notes,
    clock,
    launches,
    redirects,
    bridged,
    headerRuleSets,
    refusedTokens,
  };
  return out;
}

export const keycloak = (over: Partial<Profile> = {}): Profile => ({
  ...createProfile('keycloak', { id: 'kc', base: 'http://127.0.0.1:7104/realms/apiax' }),
  ...over,
});

/** Keycloak (`over` on top) signed in with tokens `AT`/`RT`/`IT` obtained at `at`, 30 min to live. */
export async function keycloakSignedIn(w: TestWorld, at: number, over: Partial<Profile> = {}) {
  const profile = keycloak(over);
  await w.deps.store.saveProfile(profile, undefined);
  await signedIn(w.deps.store, profile, {
    tokens: {
      accessToken: 'AT',
      tokenType: 'bearer',
      refreshToken: 'RT',
      idToken: 'IT',
      obtainedAt: at,
      expiresAt: at + 1_800_000,
    },
    status: 'fresh',
  });
  return profile;
}

/** A worker whose user never turned the terminal on. */
export const noTerminal = { ensure: () => Promise.resolve({ kind: 'off' } as const) };

/** Consent prompts whose window "opens" by recording the question and answering as told. */
export function autoPrompts(answer: boolean | 'never') {
  const asked: Record<string, string>[] = [];
  let n = 0;
  const prompts = createPrompts(
    (query) => {
      asked.push(query);
      if (answer !== 'never')
        queueMicrotask(() => prompts.answer(query['requestId'] ?? '', answer));
      return Promise.resolve({ closed: new Promise<void>(() => undefined) });
    },
    () => `request-${(n += 1)}`,
  );
  return { prompts, asked };
}

/**
 * Stores the record of a provider's active identity, adding its first identity when it has none:
 * a provider signed in, as a test starts from.
 */
export async function signedIn(
  store: Store,
  profile: Profile,
  record: ProviderRecord,
): Promise<void> {
  const list = await store.identities(profile);
  if (list) await store.putRecord(profile, list.active, record);
  else await store.addIdentity(profile, { key: '1' }, record, true);
}
