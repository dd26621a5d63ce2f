import { ok, type Result } from '../core/failure';
import type { Profile } from '../core/profile/types';
import type { ProviderView } from '../shared/protocol';
import type { Deps } from './deps';
import { nextAttemptAt } from './schedule';

/** What the popup shows of one provider: times and state, never a token value. */
async function providerView(deps: Deps, profile: Profile): Promise<ProviderView> {
  const record = await deps.store.record(profile);
  const base = {
    id: profile.id,
    name: profile.name,
    preset: profile.preset,
    signIn: profile.signIn.kind,
  };
  if (!record) return { ...base, status: 'signed-out' };
  const { tokens } = record;
  const refreshAt = nextAttemptAt(deps, profile, record);
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
    ...(profile.inject && record.status !== 'needs-sign-in' && { injecting: profile.inject }),
  };
}

export async function status(deps: Deps): Promise<Result<{ providers: ProviderView[] }>> {
  const profiles = await deps.store.profiles();
  return ok({ providers: await Promise.all(profiles.map((p) => providerView(deps, p))) });
}
