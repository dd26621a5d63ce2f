import { ok, type Result } from '../core/failure';
import type { Profile } from '../core/profile/types';
import type { ProviderView, Replies } from '../shared/protocol';
import type { Deps } from './deps';
import { expiryWarningAt } from '../core/refresh-plan';
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
  const endingFrom = expiryWarningAt(tokens, profile.expiry.warnSeconds);
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

/** Every provider as the popup shows it, in the order of the stored profiles. */
export async function statusView(deps: Deps): Promise<Replies['status']> {
  const profiles = await deps.store.profiles();
  return { providers: await Promise.all(profiles.map((p) => providerView(deps, p))) };
}

export const status = async (deps: Deps): Promise<Result<Replies['status']>> =>
  ok(await statusView(deps));
