import { exactOrigin } from '../core/consent';
import { fail, ok, type Result } from '../core/failure';
import type { Access } from '../shared/protocol';
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
