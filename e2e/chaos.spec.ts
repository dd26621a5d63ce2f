import { expect, freezeWorker, killWorker, test, type Extension } from './extension';
import { KEYCLOAK_TOKEN_PATH } from './servers/keycloak';
import type { Fault } from './servers/harness';
import { CREDENTIALS, type Servers } from './servers/all';

/**
 * Chaos: four providers with 40 s tokens run for CHAOS_SECONDS (default 120) while faults are
 * thrown at them (503 bursts, HTML with 200, timeouts, answers cut after the server rotated,
 * workers killed idle and in the middle of a refresh, the worker asleep for 20 s), and a reader asks each for a token every
 * second; Keycloak (rotating) holds a second identity, read the same way. It checks the promise,
 * not the mechanism:
 *
 * - no read ever gets an expired token (the server's own `exp` decides);
 * - every read outside a declared outage gets a token;
 * - after a transient outage, a new token is there within the backoff bound;
 * - a rotating provider never gets one refresh token twice;
 * - no cross-talk: each of Keycloak's identities gets its own user's token (`sub`), so no refresh
 *   carried or stored another identity's token.
 *
 * An outage is declared from the moment a fault is set (or a worker is killed) until the
 * provider has a token obtained after the fault was spent. Figures are printed at the end.
 */
const SECONDS = Number(process.env['CHAOS_SECONDS'] ?? 120);
const SEED = Number(process.env['CHAOS_SEED'] ?? 1);

/** Providers whose access tokens are JWTs, so the test reads their `exp` itself. */
const IDS = ['uitid', 'keycloak', 'koppeltaal', 'camelcase'] as const;
type Id = (typeof IDS)[number];
const ROTATING: readonly Id[] = ['keycloak', 'koppeltaal', 'camelcase'];
const REFRESH_PATH: Record<Id, string> = {
  uitid: '/refresh',
  keycloak: KEYCLOAK_TOKEN_PATH,
  koppeltaal: '/oauth2/token',
  camelcase: '/api/oauth2/token',
};
const refreshTokenOf = (id: Id, form: Record<string, string> | undefined, query: object) =>
  id === 'uitid'
    ? (query as Record<string, string>)['refresh']
    : id === 'camelcase'
      ? form?.['refreshToken']
      : form?.['grant_type'] === 'refresh_token'
        ? form['refresh_token']
        : undefined;

/** A small seeded generator (mulberry32), so a run's fault schedule can be replayed. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A JWT's claims, decoded here rather than by the code under test. */
const claimsOf = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
    exp: number;
    sub?: string;
  };
/** The `exp` of a JWT, in ms. */
const expOf = (jwt: string): number => claimsOf(jwt).exp * 1000;

/** Keycloak's second identity: another user, signed in beside the first. */
const SECOND = CREDENTIALS.viewer;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Read {
  readonly id: Id;
  /** Keycloak's second identity's read (its key), not the active one's. */
  readonly identity?: string;
  readonly at: number;
  readonly outcome: 'token' | 'expired' | 'refused' | 'no-answer' | 'another user';
  /** For an expired token: how long after its `exp` it was handed out. */
  readonly lateMs?: number;
  /** For a refusal: the worker's reason. */
  readonly reason?: string;
}
interface Outage {
  readonly id: Id;
  readonly what: string;
  readonly from: number;
  to: number;
  /** ms from the last faulty request to a new token, for transient faults. */
  recoveryMs?: number;
  /** The most the backoff allows for it. */
  boundMs?: number;
  signIn?: boolean;
}

const TRANSIENT: readonly { what: string; fault: Fault; failures: number }[] = [
  { what: '503 once', fault: { mode: 'error5xx', times: 1 }, failures: 1 },
  { what: '503 twice', fault: { mode: 'error5xx', times: 2 }, failures: 2 },
  { what: 'HTML 200', fault: { mode: 'html', times: 1 }, failures: 1 },
  { what: 'timeout', fault: { mode: 'slow', delayMs: 5000, times: 1 }, failures: 1 },
  { what: 'rotate then cut', fault: { mode: 'cut', times: 1 }, failures: 1 },
];
/** The backoff's longest wait after `n` failures in a row (30 s doubling, half of it jitter). */
const backoffBound = (n: number) =>
  Array.from({ length: n }, (_, i) => 30_000 * 2 ** i).at(-1) ?? 0;
/** Alarms come a little late; a start-up and a request take a few seconds more. */
const SLACK_MS = 8000;

async function status(extension: Extension, id: Id) {
  return extension.view(id).catch(() => undefined);
}

/**
 * Waits until the provider holds tokens obtained after `since` (Keycloak: both identities, the
 * second unless it was never touched), reconnecting an identity when it asks to.
 */
async function recovered(
  extension: Extension,
  servers: Servers,
  profile: Parameters<Extension['connect']>[0],
  id: Id,
  since: number,
  outage: Outage,
): Promise<void> {
  for (;;) {
    const view = await status(extension, id);
    const second = view?.identities?.find((i) => !i.active);
    if (second?.status === 'needs-sign-in') {
      outage.signIn = true;
      servers[id].fault = undefined;
      await extension
        .ask({ type: 'connect', providerId: id, identity: second.identity, credentials: SECOND })
        .catch(() => undefined);
      continue;
    }
    // A fault may have hit the second identity's refresh instead: its backoff is the outage too.
    const secondDone = !second || second.status === 'fresh';
    if (view?.status === 'fresh' && (view.obtainedAt ?? 0) > since && secondDone) return;
    if (view?.status === 'needs-sign-in') {
      // The product stopped rather than re-send a refresh token that may be spent: the user signs in.
      outage.signIn = true;
      servers[id].fault = undefined;
      await extension.connect(profile).catch(() => undefined);
      continue;
    }
    await sleep(500);
  }
}

test(`chaos: ${SECONDS} s of faults and worker kills on four providers; tokens stay valid outside outages`, async ({
  extension,
  servers,
  profiles,
}) => {
  test.setTimeout((SECONDS + 300) * 1000);
  const random = seeded(SEED);
  for (const id of IDS) {
    servers[id].settings.accessSeconds = 40;
    await extension.connected({ ...profiles[id], timeoutSeconds: 3 });
  }
  const added = await extension.ask({
    type: 'connect',
    providerId: 'keycloak',
    add: {},
    credentials: SECOND,
  });
  if (!added.ok) throw new Error(added.error.message);
  const secondKey = added.value.identity;
  // One refresh shows that UiTiD keeps its refresh token.
  expect(await extension.ask({ type: 'refresh', providerId: 'uitid' })).toMatchObject({ ok: true });
  for (const id of IDS) servers[id].reset();

  const reads: Read[] = [];
  const outages: Outage[] = [];
  const start = Date.now();
  const end = start + SECONDS * 1000;
  let kills = 0;
  let sleeps = 0;
  /** When the worker slept. */
  const naps: { from: number; to: number }[] = [];

  /** What the reader asks for: each provider's active identity, and Keycloak's second one. */
  const targets: readonly { id: Id; identity?: string; user?: string }[] = [
    ...IDS.map((id) => (id === 'keycloak' ? { id, user: CREDENTIALS.user.username } : { id })),
    { id: 'keycloak', identity: secondKey, user: SECOND.username },
  ];
  const reader = (async () => {
    while (Date.now() < end) {
      for (const { id, identity, user } of targets) {
        const reply = await extension
          .ask({ type: 'getToken', providerId: id, ...(identity !== undefined && { identity }) })
          .catch(() => undefined);
        const at = Date.now();
        const which = { id, at, ...(identity !== undefined && { identity }) };
        if (!reply) reads.push({ ...which, outcome: 'no-answer' });
        else if (!reply.ok)
          reads.push({ ...which, outcome: 'refused', reason: reply.error.message });
        else if (user !== undefined && claimsOf(reply.value.accessToken).sub !== user)
          reads.push({ ...which, outcome: 'another user' });
        else
          reads.push({
            ...which,
            outcome: expOf(reply.value.accessToken) > at ? 'token' : 'expired',
          });
      }
      await sleep(1000);
    }
  })();

  // Each provider meets one fault after another, a few seconds apart.
  const faults = IDS.map(async (id) => {
    await sleep(random() * 20_000);
    while (Date.now() < end - 20_000) {
      const pick = TRANSIENT[Math.floor(random() * TRANSIENT.length)] ?? TRANSIENT[0];
      if (!pick) return;
      const outage: Outage = { id, what: pick.what, from: Date.now(), to: Infinity };
      outages.push(outage);
      const sent = servers[id].tokenRequests(REFRESH_PATH[id]).length;
      const server = servers[id];
      server.fault = pick.fault;
      const pending = () => server.fault !== undefined;
      // Spent when the server has seen all the faulty requests (or the provider asks to sign in).
      for (;;) {
        const view = await status(extension, id);
        if (!pending() || view?.status === 'needs-sign-in') break;
        await sleep(250);
      }
      const spent = servers[id].tokenRequests(REFRESH_PATH[id]);
      const lastFaulty = spent[Math.min(spent.length, sent + pick.failures) - 1]?.at ?? Date.now();
      await recovered(extension, servers, profiles[id], id, lastFaulty, outage);
      outage.to = Date.now();
      if (!outage.signIn) {
        outage.recoveryMs = outage.to - lastFaulty;
        // A worker asleep runs no retry: the time it slept inside the outage adds to the bound.
        const slept = naps
          .map(({ from, to }) => Math.max(0, Math.min(to, outage.to) - Math.max(from, lastFaulty)))
          .reduce((a, b) => a + b, 0);
        outage.boundMs =
          backoffBound(pick.failures) + SLACK_MS + (pick.what === 'timeout' ? 5000 : 0) + slept;
      }
      await sleep(3000 + random() * 10_000);
    }
  });

  // Now and then the worker is killed, whatever it is doing, or it sleeps (paused: no JavaScript
  // runs, as in a suspended machine) for 20 s, long enough for refreshes to come due.
  const killer = (async () => {
    while (Date.now() < end - 20_000) {
      await sleep(15_000 + random() * 20_000);
      const at = Date.now();
      const asleep = (kills + sleeps) % 2 === 1;
      if (asleep) {
        const nap = { from: at, to: Infinity };
        naps.push(nap);
        const thaw = await freezeWorker(extension.page);
        await sleep(20_000);
        await thaw();
        nap.to = Date.now();
        sleeps += 1;
      } else {
        await killWorker(extension.page);
        kills += 1;
      }
      const after: Outage[] = IDS.map((id) => ({
        id,
        what: asleep ? 'worker slept' : 'worker killed',
        from: at,
        to: Infinity,
      }));
      outages.push(...after);
      await Promise.all(
        after.map(async (outage) => {
          const view = await status(extension, outage.id);
          if (view?.status !== 'fresh' && view?.status !== 'error')
            await recovered(extension, servers, profiles[outage.id], outage.id, at, outage);
          outage.to = Math.max(Date.now(), at + SLACK_MS);
        }),
      );
    }
  })();

  await Promise.all([reader, killer, ...faults]);

  const declared = (read: Read) =>
    outages.some((o) => o.id === read.id && read.at >= o.from && read.at <= o.to);
  const expired = reads.filter((r) => r.outcome === 'expired');
  const crossTalk = reads.filter((r) => r.outcome === 'another user');
  const refusedOutside = reads.filter((r) => r.outcome === 'refused' && !declared(r));
  const noAnswer = reads.filter((r) => r.outcome === 'no-answer');
  const slow = outages.filter((o) => o.recoveryMs !== undefined && o.recoveryMs > (o.boundMs ?? 0));
  // A refresh token sent again after the server had used it up (answered it with new tokens, even
  // if that answer was lost): on a server with reuse detection, that revokes the whole family.
  // Sending it again after a 503 or an HTML page is fine: the server acted on nothing.
  const reused = ROTATING.flatMap((id) => {
    const sent = servers[id].tokenRequests(REFRESH_PATH[id]).map((r) => ({
      id,
      at: r.at - start,
      token: refreshTokenOf(id, r.form, r.query),
      status: servers[id].handled.get(r),
    }));
    return sent.flatMap((r, i) => {
      const first = sent.find((o, j) => j < i && o.token === r.token && o.status === 200);
      return r.token !== undefined && first
        ? [{ id, first: first.at, again: r.at, status: r.status }]
        : [];
    });
  });
  const reuse = reused.length;
  const recoveries = outages.flatMap((o) => (o.recoveryMs === undefined ? [] : [o.recoveryMs]));
  const refreshes = IDS.map((id) => servers[id].tokenRequests(REFRESH_PATH[id]).length);

  console.log(
    [
      `chaos (${SECONDS} s, seed ${SEED}):`,
      `reads ${reads.length}, tokens ${reads.filter((r) => r.outcome === 'token').length},`,
      `expired seen ${expired.length}, another identity's token ${crossTalk.length}, refused inside outages ${reads.filter((r) => r.outcome === 'refused').length - refusedOutside.length},`,
      `refused outside ${refusedOutside.length}, unanswered (worker killed) ${noAnswer.length};`,
      `faults ${outages.filter((o) => !o.what.startsWith('worker')).length}, worker kills ${kills}, sleeps of 20 s ${sleeps},`,
      `sign-ins asked ${outages.filter((o) => o.signIn).length};`,
      `recovery after transient faults: max ${Math.max(0, ...recoveries)} ms, median ${[...recoveries].sort((a, b) => a - b)[Math.floor(recoveries.length / 2)] ?? 0} ms,`,
      `over the backoff bound ${slow.length}; refresh requests ${refreshes.reduce((a, b) => a + b, 0)}; refresh tokens re-sent ${reuse}`,
    ].join(' '),
  );

  const timeline = outages
    .map((o) => `${o.id} ${o.what} ${o.from - start}..${o.to - start}${o.signIn ? ' sign-in' : ''}`)
    .join('; ');
  expect(reused, timeline).toEqual([]);
  expect(expired).toEqual([]);
  expect(crossTalk).toEqual([]);
  expect(refusedOutside, timeline).toEqual([]);
  expect(slow).toEqual([]);
  expect(recoveries.length).toBeGreaterThan(0);
  for (const id of IDS) {
    expect(['fresh', 'refreshing']).toContain((await extension.view(id)).status);
  }
});
