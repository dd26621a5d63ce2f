import { create } from 'zustand';
import { ask } from '../browser/messages';
import { createProfile } from '../core/profile/presets';
import type { PresetId } from '../core/profile/types';
import type { EditableProfile, ProviderView } from '../shared/protocol';

interface OptionsState {
  readonly providers: readonly ProviderView[];
  /** The profile in the editor, if one is open. */
  readonly editing: { readonly editable: EditableProfile; readonly isNew: boolean } | undefined;
  /** What the "Add a provider" form has chosen. */
  readonly preset: PresetId;
  readonly base: string;
  readonly message: string;
  /** The last export's text, shown for copying. */
  readonly exported: string;
}

/** The options page's state, like the popup's: components render it and call the actions below. */
export const useOptions = create<OptionsState>(() => ({
  providers: [],
  editing: undefined,
  preset: 'oidc',
  base: '',
  message: '',
  exported: '',
}));

export const say = (message: string): void => useOptions.setState({ message });
export const choosePreset = (preset: PresetId): void => useOptions.setState({ preset });
export const setBase = (base: string): void => useOptions.setState({ base });

export async function reload(): Promise<void> {
  const reply = await ask({ type: 'status' });
  if (reply.ok) useOptions.setState({ providers: reply.value.providers });
}

/** Opens the editor on a new profile from the chosen preset, at the given server if any. */
export function addProvider(): void {
  const { preset, base } = useOptions.getState();
  const profile = createProfile(preset, {
    id: `${preset}-${Date.now().toString(36)}`,
    ...(base.trim() !== '' && { base: base.trim().replace(/\/$/, '') }),
  });
  const secretsSet = { clientSecret: false, apiKey: false, privateKeyJwk: false };
  useOptions.setState({ editing: { editable: { profile, secretsSet }, isNew: true } });
}

export async function editProvider(id: string): Promise<void> {
  const reply = await ask({ type: 'getProfile', providerId: id });
  if (reply.ok) useOptions.setState({ editing: { editable: reply.value, isNew: false } });
  else say(reply.error.message);
}

/** Closes the editor, saying how it ended. */
export const closeEditor = (message: string): void =>
  useOptions.setState({ editing: undefined, message });

export async function deleteProvider(id: string): Promise<void> {
  const reply = await ask({ type: 'deleteProfile', providerId: id });
  say(reply.ok ? `Deleted ${id}` : reply.error.message);
}

/** Exports every profile (never a secret), shows the text and offers it as a file. */
export async function exportAll(): Promise<void> {
  const reply = await ask({ type: 'exportProfiles' });
  if (!reply.ok) return say(reply.error.message);
  useOptions.setState({ exported: reply.value.text });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([reply.value.text], { type: 'application/json' }));
  link.download = 'token-keeper-profiles.json';
  link.click();
  URL.revokeObjectURL(link.href);
}
