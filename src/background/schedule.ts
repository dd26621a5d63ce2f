import { signsInSilently } from '../core/authorize';
import type { Profile } from '../core/profile/types';
import type { TokenSet } from '../core/token-set';
import {
  DEFAULT_PLAN,
  expiryWarningAt,
  planRefresh,
  type PlanSettings,
  type RefreshPlan,
} from '../core/refresh-plan';
import type { Deps } from './deps';
import type { ProviderRecord } from './records';

export const REFRESH_ALARM = 'refresh:';
/** One identity's refresh alarm: `refresh:<provider>:<identity>` (provider ids hold no `:`). */
export const refreshAlarm = (id: string, key: string): string => `${REFRESH_ALARM}${id}:${key}`;
/**
 * A refresh alarm repeats this often after its time until it is set again: a worker that dies
 * while it handles the alarm (before it stored the outcome and set the next one) is woken again,
 * so no kill leaves a connected provider without a schedule.
 */
export const REFRESH_REPEAT_MS = 60_000;
export const WARNING_ALARM = 'expiry-warning:';
export const warningAlarm = (id: string, key: string): string => `${WARNING_ALARM}${id}:${key}`;

/**
 * The provider and identity an alarm of `prefix` is for. An alarm set before identities
 * (`refresh:<provider>`) is the provider's active identity's: `identity` is then absent.
 */
export function alarmTarget(
  name: string,
  prefix: string,
): { readonly id: string; readonly identity?: string } {
  const [id = '', identity] = name.slice(prefix.length).split(':');
  return identity === undefined ? { id } : { id, identity };
}
/** Fires when an injected access token runs out, so its header rule goes with it. */
export const HEADERS_ALARM = 'headers';

export const planSettings = (profile: Profile): PlanSettings => ({
  ...DEFAULT_PLAN,
  leadMs: profile.expiry.leadSeconds * 1000,
  silent: signsInSilently(profile),
});

/**
 * From when to warn that the sign-in ends (the refresh token runs out), unless the provider signs
 * in again without a window, which then does it.
 */
export const warningAt = (profile: Profile, tokens: TokenSet): number | undefined =>
  signsInSilently(profile) ? undefined : expiryWarningAt(tokens, profile.expiry.warnSeconds);

/** The time as this provider sees it: the tester's clock shift moves it ahead. */
export const providerNow = (deps: Deps, record: ProviderRecord): number =>
  deps.clock.now() + (record.clockShiftMs ?? 0);

export function planFor(deps: Deps, profile: Profile, record: ProviderRecord): RefreshPlan {
  const shift = record.clockShiftMs ?? 0;
  const { failures } = record;
  const input = {
    now: deps.clock.now() + shift,
    ...(failures && { failures: { ...failures, retryAt: failures.retryAt + shift } }),
  };
  const plan = planRefresh(record.tokens, input, planSettings(profile));
  // Alarms run on the real clock.
  return plan.kind === 'wait' ? { kind: 'wait', at: plan.at - shift } : plan;
}

/** When the worker next sends a refresh for this provider (its alarm's time), if it will. */
export function nextAttemptAt(
  deps: Deps,
  profile: Profile,
  record: ProviderRecord,
): number | undefined {
  const plan = planFor(deps, profile, record);
  if (plan.kind === 'sign-in') return undefined;
  return plan.kind === 'wait' ? plan.at : deps.clock.now();
}

/**
 * Carries out the plan for one identity (docs/architecture.md, "Refresh"): a repeating alarm for
 * the next refresh, none when only a sign-in helps, and an alarm to warn before the refresh token
 * runs out.
 */
export async function schedule(
  deps: Deps,
  profile: Profile,
  key: string,
  record: ProviderRecord | undefined,
): Promise<void> {
  const refreshName = refreshAlarm(profile.id, key);
  const warningName = warningAlarm(profile.id, key);
  if (!record || record.status === 'needs-sign-in') {
    await Promise.all([deps.alarms.clear(refreshName), deps.alarms.clear(warningName)]);
    return;
  }
  const now = deps.clock.now();
  const plan = planFor(deps, profile, record);
  if (plan.kind === 'sign-in') await deps.alarms.clear(refreshName);
  else {
    const at = plan.kind === 'wait' ? plan.at : now + DEFAULT_PLAN.floorMs;
    await deps.alarms.set(refreshName, at, REFRESH_REPEAT_MS);
  }
  const warnAt = warningAt(profile, record.tokens);
  if (warnAt === undefined) await deps.alarms.clear(warningName);
  else await deps.alarms.set(warningName, Math.max(warnAt, now + DEFAULT_PLAN.floorMs));
}
