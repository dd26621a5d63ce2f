import { create } from 'zustand';
import { ask } from '../browser/messages';
import { watchSessionKey } from '../browser/storage';
import { tick } from './clock';
import { STATUS_SNAPSHOT, type ProviderView, type Replies } from '../shared/protocol';

interface PopupState {
  /** `undefined` until the snapshot or the worker said: the popup then shows no list at all. */
  readonly providers: readonly ProviderView[] | undefined;
  readonly message: string;
  /** The provider whose token view is open. */
  readonly open: string | undefined;
}

/** The popup only mirrors what the worker stored; it never writes tokens itself. */
export const usePopup = create<PopupState>(() => ({
  providers: undefined,
  message: '',
  open: undefined,
}));

const show = (providers: readonly ProviderView[]) => {
  tick();
  usePopup.setState({ providers });
};

/** Counts the snapshots seen, so that an answer asked for before the latest one is not shown. */
let snapshots = 0;

/** Asks the worker for every provider's state (waking it if it was stopped) and shows it. */
export async function reload(): Promise<void> {
  const before = snapshots;
  const reply = await ask({ type: 'status' });
  if (reply.ok && snapshots === before) show(reply.value.providers);
}

const isStatus = (value: unknown): value is Replies['status'] =>
  typeof value === 'object' &&
  value !== null &&
  Array.isArray((value as Partial<Replies['status']>).providers);

/**
 * Shows the worker's status snapshot at once, without waking the worker, and each snapshot after
 * it; then asks the worker once, whose answer stands unless a newer snapshot came meanwhile
 * (docs/architecture.md, "The popup's snapshot").
 */
export async function follow(): Promise<void> {
  // A snapshot that cannot be read leaves the worker's answer, which is asked for all the same.
  await watchSessionKey(STATUS_SNAPSHOT, (value) => {
    if (!isStatus(value)) return;
    snapshots += 1;
    show(value.providers);
  }).catch(() => undefined);
  await reload();
}

export const say = (message: string): void => usePopup.setState({ message });
export const toggle = (id: string): void =>
  usePopup.setState((s) => ({ open: s.open === id ? undefined : id }));
