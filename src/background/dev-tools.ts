import { decodeJwt } from '../core/jwt';
import { fail, ok, type Result } from '../core/failure';
import { maskAll } from '../core/mask';
import { secretValues } from '../core/profile/vars';
import type { Profile } from '../core/profile/types';
import type { Inspection, TestRefreshReport, TesterAction } from '../shared/protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';
import { signedOut, unknownProvider } from './errors';
import type { Exchange } from './exchange';
import { refreshProvider } from './refresh';
import { providerNow, schedule } from './schedule';
import type { ProviderRecord } from './records';
import { identityKeyOf } from './identities';
import { recordLock } from './store';

/** Runs `task` on one identity's record (the active one's when `identity` is absent). */
async function withRecord<T>(
  deps: Deps,
  id: string,
  identity: string | undefined,
  task: (profile: Profile, key: string, record: ProviderRecord) => Promise<Result<T>>,
): Promise<Result<T>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const key = await identityKeyOf(deps, profile, identity);
  if (key === undefined) return signedOut();
  return deps.locks(recordLock(id, key), async () => {
    const record = await deps.store.record(profile, key);
    return record ? task(profile, key, record) : signedOut();
  });
}

/** What the token view shows: decoded claims (an opaque token has none) and the timeline. */
export function inspect(deps: Deps, id: string, identity?: string): Promise<Result<Inspection>> {
  return withRecord(deps, id, identity, (_profile, _key, record) => {
    const { tokens } = record;
    const access = decodeJwt(tokens.accessToken);
    const idClaims = tokens.idToken === undefined ? undefined : decodeJwt(tokens.idToken)?.claims;
    return Promise.resolve(
      ok({
        ...(access && { access }),
        ...(idClaims && { idClaims }),
        tokenType: tokens.tokenType,
        ...(tokens.scope !== undefined && { scope: tokens.scope }),
        clockShiftMs: record.clockShiftMs ?? 0,
        timeline: record.timeline ?? [],
      }),
    );
  });
}

/**
 * Tester tools, to see failures on purpose: `expire` makes the access token count as expired now
 * (the next read or alarm refreshes it); `shift` runs this provider's clock ahead by `seconds`.
 */
export function testerAction(
  deps: Deps,
  id: string,
  action: TesterAction,
  identity?: string,
): Promise<Result<{ expiresAt: number; clockShiftMs: number }>> {
  return withRecord(deps, id, identity, async (profile, key, record) => {
    const next: ProviderRecord =
      action.kind === 'expire'
        ? { ...record, tokens: { ...record.tokens, expiresAt: providerNow(deps, record) } }
        : { ...record, clockShiftMs: action.seconds * 1000 };
    await deps.store.putRecord(profile, key, next);
    await schedule(deps, profile, key, next);
    await syncBrowser(deps);
    return ok({ expiresAt: next.tokens.expiresAt, clockShiftMs: next.clockShiftMs ?? 0 });
  });
}

/**
 * "Test refresh": a real refresh now, reporting the exact request and response with every secret
 * and token masked (those the profile and the tokens hold, and anything shaped like a JWT).
 */
export async function testRefresh(deps: Deps, id: string): Promise<Result<TestRefreshReport>> {
  const profile = await deps.store.profile(id);
  if (!profile) return unknownProvider(id);
  const before = (await deps.store.record(profile))?.tokens;
  let exchange: Exchange | undefined;
  const result = await refreshProvider(deps, id, {
    force: true,
    onExchange: (e) => (exchange = e),
  });
  if (!exchange)
    return result.ok ? fail('transient', 'no_request', 'No request was sent.') : result;
  const after = result.ok ? result.value : undefined;
  const hidden = [
    ...secretValues(profile),
    before?.accessToken,
    before?.refreshToken,
    before?.idToken,
    after?.accessToken,
    after?.refreshToken,
    after?.idToken,
  ];
  const mask = (text: string) => maskAll(text, hidden);
  // Credentials in a header are encoded (Basic): only the scheme is shown.
  const maskHeaders = (headers: Readonly<Record<string, string>>) =>
    Object.fromEntries(
      Object.entries(headers).map(([k, v]) => [
        k,
        k === 'authorization' ? v.replace(/^(\S+)\s.*$/, '$1 ••••') : mask(v),
      ]),
    );
  const { request, response, ms = 0 } = exchange;
  return ok({
    request: {
      method: request.method,
      url: mask(request.url),
      headers: maskHeaders(request.headers),
      ...(request.body !== undefined && { body: mask(request.body) }),
    },
    ...(response && {
      response: {
        status: response.status,
        headers: maskHeaders(response.headers),
        body: mask(response.body),
        ms,
      },
    }),
    outcome: result.ok ? ok({ expiresAt: result.value.expiresAt }) : result,
  });
}
