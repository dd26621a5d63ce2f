import type { ProviderView } from '../shared/protocol';

/** Providers that need the user come first; otherwise the order they were added in. */
const URGENCY: Record<ProviderView['status'], number> = {
  'needs-sign-in': 0,
  error: 0,
  refreshing: 1,
  fresh: 1,
  'signed-out': 2,
};

/** More rows than this and the popup shows a filter box. */
export const FILTER_FROM = 8;

/** A provider is as urgent as the most urgent of its identities. */
const urgency = (p: ProviderView): number =>
  Math.min(URGENCY[p.status], ...(p.identities ?? []).map((i) => URGENCY[i.status]));

/**
 * The rows the popup shows: those whose name, or one of whose identities' names, holds `filter`
 * (any case), the urgent first.
 */
export function shownRows(
  providers: readonly ProviderView[],
  filter: string,
): readonly ProviderView[] {
  const wanted = filter.trim().toLowerCase();
  const matches = (p: ProviderView) =>
    [p.name, ...(p.identities ?? []).map((i) => i.identityName)].some((name) =>
      name.toLowerCase().includes(wanted),
    );
  return providers.filter(matches).sort((a, b) => urgency(a) - urgency(b));
}
