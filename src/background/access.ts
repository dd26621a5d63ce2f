import { DENIAL_COOLDOWN_MS, TERMINAL, exactOrigin } from '../core/consent';
import { fail, ok, type Result } from '../core/failure';
import type { Access, TerminalAccess, TerminalLinkState } from '../shared/protocol';
import { syncBrowser } from './browser-sync';
import type { Deps } from './deps';

export async function listAccess(deps: Deps): Promise<Result<Access>> {
  const { consent } = deps;
  return ok({
    grants: await consent.grants(),
    sites: await consent.sites(),
    audit: await consent.audit(),
  });
}

/** Takes a grant back; the origin's next request asks again. */
export async function revokeGrant(
  deps: Deps,
  origin: string,
  provider: string,
): Promise<Result<{ revoked: number }>> {
  let revoked = 0;
  await deps.consent.changeGrants((grants) => {
    const kept = grants.filter((g) => !(g.origin === origin && g.provider === provider));
    revoked = grants.length - kept.length;
    return kept;
  });
  // The origin's pages no longer get the injected header either.
  await syncBrowser(deps);
  return ok({ revoked });
}

/** Lets a site reach Token Keeper through the page bridge (its host permission is asked first). */
export async function addSite(deps: Deps, input: string): Promise<Result<{ sites: string[] }>> {
  const origin = exactOrigin(input);
  if (origin === undefined)
    return fail(
      'misconfigured',
      'bad_origin',
      `"${input}" is not an http(s) origin like https://app.example:8443.`,
    );
  const sites = await deps.consent.changeSites((sites) => [...new Set([...sites, origin])].sort());
  await deps.syncBridge(sites);
  return ok({ sites: [...sites] });
}

/** Removes a site's bridge and every grant it had. */
export async function removeSite(deps: Deps, origin: string): Promise<Result<{ sites: string[] }>> {
  const sites = await deps.consent.changeSites((sites) => sites.filter((s) => s !== origin));
  await deps.consent.changeGrants((grants) => grants.filter((g) => g.origin !== origin));
  await deps.syncBridge(sites);
  await syncBrowser(deps);
  return ok({ sites: [...sites] });
}

/** The terminal's link as the worker has it, and the providers the terminal may get tokens of. */
export async function terminalAccess(deps: Deps, link: TerminalLinkState): Promise<TerminalAccess> {
  const grants = await deps.consent.grants();
  return { link, allowed: grants.filter((g) => g.origin === TERMINAL).map((g) => g.provider) };
}

/**
 * Allows the terminal a provider's tokens, or takes that back: the next request is judged by the
 * grants as they are then. Turning it on ends a "no" given in a consent window; turning it off is
 * such a "no" (refused without asking, for the same while).
 */
export async function setTerminalAccess(
  deps: Deps,
  provider: string,
  allow: boolean,
): Promise<void> {
  const other = (g: { origin: string; provider: string }) =>
    !(g.origin === TERMINAL && g.provider === provider);
  const grantedAt = deps.clock.now();
  await deps.consent.changeGrants((grants) => [
    ...grants.filter(other),
    ...(allow ? [{ origin: TERMINAL, provider, grantedAt }] : []),
  ]);
  // Turned off here is a "no" like one given in the consent window: no window asks again for a while.
  const until = grantedAt + DENIAL_COOLDOWN_MS;
  await deps.consent.changeDenials((denials) => [
    ...denials.filter((d) => other(d) && d.until > grantedAt),
    ...(allow ? [] : [{ origin: TERMINAL, provider, until }]),
  ]);
}
