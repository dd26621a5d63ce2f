import { ok, type Result } from '../core/failure';
import type { Profile } from '../core/profile/types';
import { identityLabel } from '../core/identity';
import type { IdentityView, ProviderView, Replies } from '../shared/protocol';
import type { ProviderRecord } from './records';
import type { Deps } from './deps';
import { nextAttemptAt, warningAt } from './schedule';

type Base = Pick<ProviderView, 'id' | 'name' | 'preset' | 'signIn'>;

/** What the popup shows of one identity: times and state, never a token value. */
function identityView(
  deps: Deps,
  profile: Profile,
  base: Base,
  record: ProviderRecord | undefined,
): Omit<ProviderView, 'identity' | 'identityName' | 'identities'> {
  if (!record) return { ...base, status: 'signed-out' };
  const { tokens } = record;
  const refreshAt = nextAttemptAt(deps, profile, record);
  const endingFrom = warningAt(profile, tokens);
  // Times as the provider's own clock sees them: the tester's clock shift shows in the countdowns.
  const shift = record.clockShiftMs ?? 0;
  return {
    ...base,
    status: record.status,
    expiresAt: tokens.expiresAt - shift,
    obtainedAt: tokens.obtainedAt - shift,
    ...(tokens.refreshExpiresAt !== undefined && {
      refreshExpiresAt: tokens.refreshExpiresAt - shift,
    }),
    ...(record.lastRefreshAt !== undefined && { lastRefreshAt: record.lastRefreshAt }),
    ...(record.error && { error: record.error }),
    ...(refreshAt !== undefined && { refreshAt }),
    ...(endingFrom !== undefined && { endingFrom: endingFrom - shift }),
    ...(profile.inject && record.status !== 'needs-sign-in' && { injecting: profile.inject }),
  };
}

/**
 * What the popup shows of one provider: its active identity at the top level, and every
 * identity's own view when it holds more than one.
 */
async function providerView(deps: Deps, profile: Profile): Promise<ProviderView> {
  const base = {
    id: profile.id,
    name: profile.name,
    preset: profile.preset,
    signIn: profile.signIn.kind,
  };
  const list = await deps.store.identities(profile);
  if (!list) return { ...base, status: 'signed-out' };
  const views = await Promise.all(
    list.identities.map(async (entry): Promise<IdentityView> => {
      const record = await deps.store.record(profile, entry.key);
      return {
        ...identityView(deps, profile, base, record),
        identity: entry.key,
        identityName: identityLabel(entry),
        active: entry.key === list.active,
      };
    }),
  );
  const active = views.find((view) => view.active);
  if (!active) return { ...base, status: 'signed-out' };
  const { active: _, ...top } = active;
  return views.length > 1 ? { ...top, identities: views } : top;
}

/** Every provider as the popup shows it, in the order of the stored profiles. */
export async function statusView(deps: Deps): Promise<Replies['status']> {
  const profiles = await deps.store.profiles();
  const managed = await deps.store.managed();
  return {
    providers: await Promise.all(
      profiles.map(async (p) => ({
        ...(await providerView(deps, p)),
        ...(managed.includes(p.id) && { managed: true as const }),
      })),
    ),
  };
}

export const status = async (deps: Deps): Promise<Result<Replies['status']>> =>
  ok(await statusView(deps));
