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

/** The rows the popup shows: those whose name holds `filter` (any case), the urgent first. */
export function shownRows(
  providers: readonly ProviderView[],
  filter: string,
): readonly ProviderView[] {
  const wanted = filter.trim().toLowerCase();
  return providers
    .filter((p) => p.name.toLowerCase().includes(wanted))
    .sort((a, b) => URGENCY[a.status] - URGENCY[b.status]);
}
