import { create } from 'zustand';
import { ask } from '../browser/messages';
import type { ProviderView } from '../shared/protocol';

interface PopupState {
  readonly providers: readonly ProviderView[];
  /** One ticking clock for every countdown. */
  readonly now: number;
  readonly message: string;
  /** The provider whose token view is open. */
  readonly open: string | undefined;
}

/** The popup only mirrors what the worker stored; it never writes tokens itself. */
export const usePopup = create<PopupState>(() => ({
  providers: [],
  now: Date.now(),
  message: '',
  open: undefined,
}));

export async function reload(): Promise<void> {
  const reply = await ask({ type: 'status' });
  if (reply.ok) usePopup.setState({ providers: reply.value.providers, now: Date.now() });
}

export const tick = (): void => usePopup.setState({ now: Date.now() });
export const say = (message: string): void => usePopup.setState({ message });
export const toggle = (id: string): void =>
  usePopup.setState((s) => ({ open: s.open === id ? undefined : id }));
