import { fail, ok, type Result } from '../core/failure';
import type { Reply, Request, TerminalLinkState } from '../shared/protocol';
import {
  addSite,
  listAccess,
  removeSite,
  revokeGrant,
  setTerminalAccess,
  terminalAccess,
} from './access';
import type { Prompts } from './consent-prompts';
import { connect, disconnect } from './connection';
import type { Deps } from './deps';
import { inspect, testRefresh, testerAction } from './dev-tools';
import { dropKeptAside, listKeptAside } from './kept-aside';
import { currentPolicy } from './policy';
import { renameIdentity, useIdentity } from './identities';
import { deleteProfile, discover, getProfile, saveProfile } from './profiles';
import { getToken, refreshNow } from './refresh';
import { status } from './status';
import { exportAll, importAll } from './transfer';

type Fields = Readonly<Record<string, unknown>>;
type RequestOf<K extends Request['type']> = Extract<Request, { type: K }>;

/** What a command's handler is given besides its request. */
export interface Context {
  readonly deps: Deps;
  readonly prompts: Prompts;
  /** The port to the terminal's host: checked (and opened) when the options page asks. */
  readonly terminal: { ensure(): Promise<TerminalLinkState> };
}

/**
 * One message the extension's pages may send: `parse` checks what arrived (it is untrusted data
 * until then), `run` answers it.
 */
interface Command<K extends Request['type']> {
  readonly parse: (m: Fields) => Result<RequestOf<K>>;
  readonly run: (ctx: Context, request: RequestOf<K>) => Promise<Reply<K>>;
}

const bad = (why: string) => fail('misconfigured', 'bad_message', why);
const text = (v: unknown, max = 200): v is string =>
  typeof v === 'string' && v.length > 0 && v.length <= max;

/** The request types whose messages are exactly `Shape` beside their type. */
type Exactly<Shape> = {
  [K in Request['type']]: [RequestOf<K>] extends [{ type: K } & Shape]
    ? [{ type: K } & Shape] extends [RequestOf<K>]
      ? K
      : never
    : never;
}[Request['type']];

/** A message that carries nothing but its type. */
const bare =
  <K extends Exactly<object>>(type: K) =>
  (): Result<RequestOf<K>> =>
    ok({ type } as RequestOf<K>);

/** A message about one provider, named by `providerId`. */
const aboutProvider =
  <K extends Exactly<{ readonly providerId: string }>>(type: K) =>
  (m: Fields): Result<RequestOf<K>> =>
    text(m['providerId'])
      ? ok({ type, providerId: m['providerId'] } as RequestOf<K>)
      : bad('A provider id is needed.');

/** A message about one site, named by its `origin`. */
const aboutSite =
  <K extends 'addSite' | 'removeSite'>(type: K) =>
  (m: Fields): Result<RequestOf<K>> =>
    text(m['origin'])
      ? ok({ type, origin: m['origin'] } as RequestOf<K>)
      : bad('A site is named by its origin.');

/** Checks the message's other fields once its provider id is known to be good. */
const withProvider =
  <K extends Request['type']>(rest: (m: Fields, providerId: string) => Result<RequestOf<K>>) =>
  (m: Fields): Result<RequestOf<K>> =>
    text(m['providerId']) ? rest(m, m['providerId']) : bad('A provider id is needed.');

/**
 * Checks the message's other fields once its provider id is known to be good, and its identity
 * (a key, as the popup names it) when it names one.
 */
const withIdentity =
  <K extends Request['type']>(
    rest: (m: Fields, providerId: string, identity: { identity?: string }) => Result<RequestOf<K>>,
  ) =>
  (m: Fields): Result<RequestOf<K>> => {
    const identity = m['identity'];
    if (identity !== undefined && !text(identity, 100))
      return bad('An identity is named by its key.');
    return withProvider((fields, providerId) =>
      rest(fields, providerId, identity === undefined ? {} : { identity }),
    )(m);
  };

/**
 * Every message the worker answers (docs/architecture.md, "Commands"): adding one is its type in
 * `shared/protocol.ts` and one entry here.
 */
export const COMMANDS: { readonly [K in Request['type']]: Command<K> } = {
  status: { parse: bare('status'), run: ({ deps }) => status(deps) },
  connect: {
    parse: withIdentity((m, providerId, identity) => {
      const c = m['credentials'];
      const add = m['add'] as Fields | null | undefined;
      if (add !== undefined && (add === null || typeof add !== 'object'))
        return bad('add is an object, with an optional loginHint.');
      const hint = add?.['loginHint'];
      if (hint !== undefined && !text(hint, 200)) return bad('A login hint is a short text.');
      const base = {
        type: 'connect' as const,
        providerId,
        ...identity,
        ...(add && { add: hint === undefined ? {} : { loginHint: hint } }),
      };
      if (c === undefined) return ok(base);
      const cred = c as Fields | null;
      if (!cred || !text(cred['username'], 1000) || !text(cred['password'], 1000))
        return bad('Credentials need a user name and a password.');
      const credentials = { username: cred['username'], password: cred['password'] };
      return ok({ ...base, credentials });
    }),
    run: ({ deps }, r) =>
      connect(deps, r.providerId, {
        credentials: r.credentials,
        identity: r.identity,
        add: r.add,
      }),
  },
  disconnect: {
    parse: withIdentity((_m, providerId, identity) =>
      ok({ type: 'disconnect', providerId, ...identity }),
    ),
    run: ({ deps }, r) => disconnect(deps, r.providerId, r.identity),
  },
  refresh: {
    parse: withIdentity((m, providerId, identity) =>
      ok({
        type: 'refresh',
        providerId,
        ...identity,
        ...(m['retryInterrupted'] === true && { retryInterrupted: true }),
      }),
    ),
    run: ({ deps }, r) => refreshNow(deps, r.providerId, r.identity, r.retryInterrupted === true),
  },
  getToken: {
    parse: withIdentity((m, providerId, identity) => {
      const min = m['minValiditySeconds'];
      if (min === undefined) return ok({ type: 'getToken', providerId, ...identity });
      if (typeof min !== 'number' || !Number.isFinite(min) || min < 0 || min > 86_400)
        return bad('minValiditySeconds must be 0 to 86400.');
      return ok({ type: 'getToken', providerId, ...identity, minValiditySeconds: min });
    }),
    run: ({ deps }, r) =>
      getToken(deps, r.providerId, (r.minValiditySeconds ?? 0) * 1000, r.identity),
  },
  useIdentity: {
    parse: withIdentity((_m, providerId, identity) =>
      identity.identity === undefined
        ? bad('An identity is needed.')
        : ok({ type: 'useIdentity', providerId, identity: identity.identity }),
    ),
    run: ({ deps }, r) => useIdentity(deps, r.providerId, r.identity),
  },
  renameIdentity: {
    parse: withIdentity((m, providerId, identity) =>
      identity.identity === undefined || typeof m['name'] !== 'string'
        ? bad('An identity and its new name are needed.')
        : ok({ type: 'renameIdentity', providerId, identity: identity.identity, name: m['name'] }),
    ),
    run: ({ deps }, r) => renameIdentity(deps, r.providerId, r.identity, r.name),
  },
  saveProfile: {
    parse: (m) =>
      m['renameFrom'] !== undefined && !text(m['renameFrom'])
        ? bad('renameFrom names a provider id.')
        : ok({
            type: 'saveProfile',
            profile: m['profile'],
            keepSecrets: m['keepSecrets'] === true,
            ...(text(m['renameFrom']) && { renameFrom: m['renameFrom'] }),
          }),
    run: ({ deps }, r) => saveProfile(deps, r.profile, r.keepSecrets === true, r.renameFrom),
  },
  deleteProfile: {
    parse: aboutProvider('deleteProfile'),
    run: ({ deps }, r) => deleteProfile(deps, r.providerId),
  },
  getProfile: {
    parse: aboutProvider('getProfile'),
    run: ({ deps }, r) => getProfile(deps, r.providerId),
  },
  discover: {
    parse: (m) => ok({ type: 'discover', profile: m['profile'] }),
    run: ({ deps }, r) => discover(deps, r.profile),
  },
  inspect: {
    parse: withIdentity((_m, providerId, identity) =>
      ok({ type: 'inspect', providerId, ...identity }),
    ),
    run: ({ deps }, r) => inspect(deps, r.providerId, r.identity),
  },
  tester: {
    parse: withIdentity((m, providerId, identity) => {
      const action = m['action'] as Fields | null | undefined;
      if (action?.['kind'] === 'expire')
        return ok({ type: 'tester', providerId, ...identity, action: { kind: 'expire' } });
      const seconds = action?.['seconds'];
      if (
        action?.['kind'] === 'shift' &&
        typeof seconds === 'number' &&
        Number.isFinite(seconds) &&
        Math.abs(seconds) <= 366 * 86_400
      )
        return ok({ type: 'tester', providerId, ...identity, action: { kind: 'shift', seconds } });
      return bad('A tester action is "expire", or "shift" by at most a year of seconds.');
    }),
    run: ({ deps }, r) => testerAction(deps, r.providerId, r.action, r.identity),
  },
  testRefresh: {
    parse: aboutProvider('testRefresh'),
    run: ({ deps }, r) => testRefresh(deps, r.providerId),
  },
  exportProfiles: { parse: bare('exportProfiles'), run: ({ deps }) => exportAll(deps) },
  importProfiles: {
    parse: (m) =>
      typeof m['text'] === 'string' && m['text'].length <= 1_000_000
        ? ok({ type: 'importProfiles', text: m['text'], apply: m['apply'] === true })
        : bad('An import is the text of a file, at most 1 MB.'),
    run: ({ deps }, r) => importAll(deps, r.text, r.apply),
  },
  consentAnswer: {
    parse: (m) =>
      text(m['requestId']) && typeof m['allow'] === 'boolean'
        ? ok({ type: 'consentAnswer', requestId: m['requestId'], allow: m['allow'] })
        : bad('A consent answer needs its request id and allow: true or false.'),
    run: ({ prompts }, r) =>
      Promise.resolve(ok({ answered: prompts.answer(r.requestId, r.allow) })),
  },
  listAccess: { parse: bare('listAccess'), run: ({ deps }) => listAccess(deps) },
  policy: {
    parse: bare('policy'),
    run: async ({ deps }) => {
      const { problems, terminal, export: exporting } = await currentPolicy(deps);
      return ok({ problems, terminal, export: exporting });
    },
  },
  terminalAccess: {
    parse: bare('terminalAccess'),
    run: async ({ deps, terminal }) => ok(await terminalAccess(deps, await terminal.ensure())),
  },
  setTerminalAccess: {
    parse: (m) =>
      text(m['providerId']) && typeof m['allow'] === 'boolean'
        ? ok({ type: 'setTerminalAccess', providerId: m['providerId'], allow: m['allow'] })
        : bad('Terminal access is set per provider, on or off.'),
    run: async ({ deps, terminal }, r) => {
      await setTerminalAccess(deps, r.providerId, r.allow);
      return ok(await terminalAccess(deps, await terminal.ensure()));
    },
  },
  revokeGrant: {
    parse: (m) =>
      text(m['origin']) && text(m['providerId'])
        ? ok({ type: 'revokeGrant', origin: m['origin'], providerId: m['providerId'] })
        : bad('A grant is named by its origin and provider.'),
    run: ({ deps }, r) => revokeGrant(deps, r.origin, r.providerId),
  },
  addSite: { parse: aboutSite('addSite'), run: ({ deps }, r) => addSite(deps, r.origin) },
  removeSite: { parse: aboutSite('removeSite'), run: ({ deps }, r) => removeSite(deps, r.origin) },
  listKeptAside: { parse: bare('listKeptAside'), run: ({ deps }) => listKeptAside(deps) },
  dropKeptAside: {
    parse: (m) =>
      text(m['key']) && (m['area'] === 'local' || m['area'] === 'session')
        ? ok({ type: 'dropKeptAside', key: m['key'], area: m['area'] })
        : bad('A kept-aside value is named by its key and area.'),
    run: ({ deps }, r) => dropKeptAside(deps, r.key, r.area),
  },
};

const isType = (type: unknown): type is Request['type'] =>
  typeof type === 'string' && Object.hasOwn(COMMANDS, type);

/** Checks a message from an extension page with its command's parser, then runs it. */
export function runCommand(ctx: Context, message: unknown): Promise<Result<unknown>> {
  if (typeof message !== 'object' || message === null)
    return Promise.resolve(bad('A message must be an object.'));
  const m = message as Fields;
  const type = m['type'];
  if (!isType(type)) return Promise.resolve(bad('Unknown message type.'));
  // One command, its parser and its handler agree on the type `K`; TypeScript cannot follow that
  // through an index, so the entry is taken as the widest command.
  const command = COMMANDS[type] as unknown as Command<Request['type']>;
  const request = command.parse(m);
  return request.ok ? command.run(ctx, request.value) : Promise.resolve(request);
}
