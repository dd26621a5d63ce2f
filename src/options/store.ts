import { create } from 'zustand';
import type { PagePort } from '../browser/ports';
import type { FieldError } from '../core/failure';
import { createProfile, presetLabel } from '../core/profile/presets';
import { parseProfile } from '../core/profile/parse';
import { grantedAtInstall, hostOrigins } from '../core/profile/targets';
import type { PresetId, Profile } from '../core/profile/types';
import {
  isStatusSnapshot,
  type Access,
  type PolicyView,
  type TerminalAccess,
  type EditableProfile,
  type ImportedProfile,
  type KeptAsideView,
  type ProviderView,
  type TestRefreshReport,
} from '../shared/protocol';

interface OptionsState {
  readonly providers: readonly ProviderView[];
  /** What is wrong with the server URL given to Add, said at that field. */
  readonly baseProblem?: string | undefined;
  /** The profile in the editor, if one is open. */
  readonly editing: { readonly editable: EditableProfile; readonly isNew: boolean } | undefined;
  /** What the "Add a provider" form has chosen. */
  readonly preset: PresetId;
  readonly base: string;
  readonly message: string;
  /** The last export's text, shown for copying. */
  readonly exported: string;
  /** A file read and previewed, not yet applied. */
  readonly importing:
    { readonly text: string; readonly profiles: readonly ImportedProfile[] } | undefined;
  readonly importProblems: readonly FieldError[];
  /** The sites, grants and audit of "Web pages"; `undefined` until read. */
  readonly access: Access | undefined;
  /** What the organization's policy could not read, and what it turns off. */
  readonly policy: PolicyView | undefined;
  /** The terminal's link and the providers it may get tokens of; `undefined` until read. */
  readonly terminal: TerminalAccess | undefined;
  /** What went wrong adding a site. */
  readonly siteProblem: string;
  /** The open editor's problems, per field. */
  readonly editorErrors: readonly FieldError[];
  /** The open editor's last "Test refresh". */
  readonly testReport: TestRefreshReport | undefined;
  /** Stored items the worker could not read. */
  readonly keptAside: readonly KeptAsideView[];
}

/**
 * A new profile's name and id from the server it talks to (`auth.example.com`, id
 * `auth.example.com`; `127.0.0.1:7105`, id `127.0.0.1-7105`), so two OpenID Connect providers are
 * not both "OpenID Connect (discovery)" and a page's `getToken` names something a person can read.
 */
function namedFor(preset: PresetId, base: string, taken: readonly string[]) {
  let host: string;
  try {
    host = new URL(base).host;
  } catch {
    return { id: `${preset}-${Date.now().toString(36)}` };
  }
  const stem = host.replace(/[^\w.-]/g, '-').slice(0, 60);
  let id = stem;
  for (let n = 2; taken.includes(id); n += 1) id = `${stem}-${n}`;
  const name =
    preset === 'oidc' || preset === 'custom' ? host : `${presetLabel(preset)} at ${host}`;
  return { id, name };
}

/**
 * The options page's state and every action it takes, over `port` (the browser's, or a test's):
 * components render the state and call the actions; none of them talks to the worker.
 */
export function createOptions(port: PagePort) {
  /** The options page's state, like the popup's: components render it and call the actions below. */
  const useOptions = create<OptionsState>(() => ({
    providers: [],
    editing: undefined,
    preset: 'oidc',
    base: '',
    message: '',
    exported: '',
    importing: undefined,
    importProblems: [],
    access: undefined,
    terminal: undefined,
    policy: undefined,
    siteProblem: '',
    editorErrors: [],
    testReport: undefined,
    keptAside: [],
  }));

  const say = (message: string): void => useOptions.setState({ message });
  const choosePreset = (preset: PresetId): void => useOptions.setState({ preset });
  const setBase = (base: string): void => useOptions.setState({ base, baseProblem: undefined });

  /** Counts the snapshots seen, so that an answer asked for before the latest one is not shown. */
  let snapshots = 0;

  /** Asks the worker for every provider's state and the stored items it could not read. */
  async function reload(): Promise<void> {
    const before = snapshots;
    const reply = await port.ask({ type: 'status' });
    if (reply.ok && snapshots === before) useOptions.setState({ providers: reply.value.providers });
    const kept = await port.ask({ type: 'listKeptAside' });
    if (kept.ok) useOptions.setState({ keptAside: kept.value.kept });
  }

  /**
   * Follows the worker's status snapshot as the popup does (docs/architecture.md, "The popup's
   * snapshot"), then asks the worker once.
   */
  async function follow(): Promise<void> {
    await port
      .watchStatus((value) => {
        if (!isStatusSnapshot(value)) return;
        snapshots += 1;
        useOptions.setState({ providers: value.providers });
      })
      .catch(() => undefined);
    await reload();
    const policy = await port.ask({ type: 'policy' });
    if (policy.ok) useOptions.setState({ policy: policy.value });
  }

  /** Removes a stored item the worker could not read, once the user confirmed. */
  async function dropKeptAside({ key, area }: KeptAsideView): Promise<void> {
    const reply = await port.ask({ type: 'dropKeptAside', key, area });
    if (reply.ok) useOptions.setState({ keptAside: reply.value.kept });
    say(reply.ok ? 'Removed' : `Remove: ${reply.error.message}`);
  }

  const open = (editing: OptionsState['editing']) =>
    useOptions.setState({ editing, editorErrors: [], testReport: undefined });

  /** Opens the editor on a new profile from the chosen preset, at the given server if any. */
  function addProvider(): void {
    const { preset, base, providers } = useOptions.getState();
    const given = base.trim().replace(/\/$/, '');
    // Said once, here, rather than as every endpoint made from it being "not an absolute URL".
    if (given !== '' && !/^https?:\/\//i.test(given)) {
      useOptions.setState({
        baseProblem: `Add http:// or https:// in front (https://${given.replace(/^\w+:\/*/, '')})`,
      });
      return;
    }
    const named = namedFor(
      preset,
      given,
      providers.map((p) => p.id),
    );
    const fresh = createProfile(preset, { id: named.id, ...(given !== '' && { base: given }) });
    const profile = named.name === undefined ? fresh : { ...fresh, name: named.name };
    const secretsSet = { clientSecret: false, apiKey: false, privateKeyJwk: false };
    open({ editable: { profile, secretsSet }, isNew: true });
  }

  async function editProvider(id: string): Promise<void> {
    const reply = await port.ask({ type: 'getProfile', providerId: id });
    if (reply.ok) open({ editable: reply.value, isNew: false });
    else say(reply.error.message);
  }

  /** Closes the editor, saying how it ended. */
  const closeEditor = (message: string): void =>
    useOptions.setState({ editing: undefined, message });

  async function deleteProvider(id: string, name: string): Promise<void> {
    const reply = await port.ask({ type: 'deleteProfile', providerId: id });
    say(reply.ok ? `Deleted ${name}. ${reply.value.message}` : reply.error.message);
  }

  /** Exports every profile (never a secret), shows the text and offers it as a file. */
  async function exportAll(): Promise<void> {
    const reply = await port.ask({ type: 'exportProfiles' });
    if (!reply.ok) return say(reply.error.message);
    useOptions.setState({ exported: reply.value.text });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([reply.value.text], { type: 'application/json' }));
    link.download = 'token-keeper-profiles.json';
    link.click();
    URL.revokeObjectURL(link.href);
  }

  /** Import, step one: the worker reads the file and says what it would change; nothing is stored. */
  async function previewImport(file: File): Promise<void> {
    const text = await file.text();
    const reply = await port.ask({ type: 'importProfiles', text, apply: false });
    if (reply.ok) {
      useOptions.setState({
        importing: { text, profiles: reply.value.profiles },
        importProblems: [],
      });
      return;
    }
    useOptions.setState({
      importing: undefined,
      importProblems: reply.error.fields ?? [{ path: 'file', message: reply.error.message }],
    });
    say(reply.error.message);
  }

  const cancelImport = (): void => useOptions.setState({ importing: undefined });

  /**
   * Import, step two: asks for the hosts the file's profiles need, then stores them. Called from the
   * click itself: Firefox honours a host permission request only there, before any await.
   */
  function applyImport(): void {
    const pending = useOptions.getState().importing;
    if (!pending) return;
    const granted = port
      .requestHosts([...new Set(pending.profiles.flatMap((p) => p.hosts))])
      .catch(() => false);
    void (async () => {
      if (!(await granted))
        return say(
          'Import: Token Keeper needs permission to reach the hosts listed; nothing was imported.',
        );
      const reply = await port.ask({ type: 'importProfiles', text: pending.text, apply: true });
      useOptions.setState({ importing: undefined });
      if (!reply.ok) {
        useOptions.setState({ importProblems: reply.error.fields ?? [] });
        return say(reply.error.message);
      }
      const dropped = reply.value.profiles.filter((p) => p.change === 'moved' && p.connected);
      say(
        `Imported ${reply.value.profiles.length} profile(s)` +
          (dropped.length > 0
            ? `; signed out of ${dropped.map((p) => p.name).join(', ')}, whose endpoints or token fields changed: sign in again and enter their secrets`
            : ''),
      );
    })();
  }

  async function reloadAccess(): Promise<void> {
    const reply = await port.ask({ type: 'listAccess' });
    if (reply.ok) useOptions.setState({ access: reply.value });
  }

  /**
   * Lets a site use the page bridge. Called from the click: the site's host permission is asked
   * before any await.
   */
  async function addSite(site: string): Promise<void> {
    let origin: string;
    try {
      origin = new URL(site).origin;
    } catch {
      return useOptions.setState({
        siteProblem: `"${site}" is not a URL like https://app.example:8443`,
      });
    }
    const granted =
      grantedAtInstall(origin) || (await port.requestHosts([origin]).catch(() => false));
    if (!granted)
      return useOptions.setState({
        siteProblem: `Token Keeper needs permission to run on ${origin}`,
      });
    const reply = await port.ask({ type: 'addSite', origin });
    useOptions.setState({ siteProblem: reply.ok ? '' : reply.error.message });
    await reloadAccess();
  }

  async function removeSite(origin: string): Promise<void> {
    await port.ask({ type: 'removeSite', origin });
    await reloadAccess();
  }

  async function reloadTerminal(): Promise<void> {
    const reply = await port.ask({ type: 'terminalAccess' });
    if (reply.ok) useOptions.setState({ terminal: reply.value });
  }

  /**
   * Turns the terminal on: the browser asks the user for native messaging (called from the click,
   * before any await), then the worker starts the host.
   */
  async function turnTerminalOn(): Promise<void> {
    const granted = await port.requestNative().catch(() => false);
    if (!granted) say('Terminal: the browser did not give Token Keeper native messaging');
    await reloadTerminal();
  }

  /** Turns the terminal off for every provider: the permission goes, the host stops. */
  async function turnTerminalOff(): Promise<void> {
    await port.removeNative().catch(() => false);
    await reloadTerminal();
  }

  /** Allows the terminal one provider's tokens, or takes that back (the next request counts). */
  async function setTerminalAccess(providerId: string, allow: boolean): Promise<void> {
    const reply = await port.ask({ type: 'setTerminalAccess', providerId, allow });
    if (reply.ok) useOptions.setState({ terminal: reply.value });
    else say(`Terminal: ${reply.error.message}`);
    await reloadAccess();
  }

  async function revokeGrant(origin: string, providerId: string): Promise<void> {
    await port.ask({ type: 'revokeGrant', origin, providerId });
    await reloadAccess();
  }

  /** Marks the editor's fields with what is wrong with them. */
  const editorProblems = (editorErrors: readonly FieldError[]): void =>
    useOptions.setState({ editorErrors });

  /**
   * Saves the edited profile: checked here first, so a wrong profile never asks for a permission,
   * then its hosts are asked for (inside the click), then the worker checks it again with the stored
   * secrets and stores it.
   */
  async function saveEdited(
    input: Record<string, unknown>,
    name: string,
    renameFrom?: string,
  ): Promise<void> {
    const checked = parseProfile(input, { requireSecrets: false });
    if (!checked.ok) return editorProblems(checked.error.fields ?? []);
    const granted = await port.requestHosts(hostOrigins(checked.value)).catch(() => false);
    if (!granted)
      return editorProblems([
        {
          path: 'permissions',
          message: 'Token Keeper needs permission to reach the provider’s hosts',
        },
      ]);
    const reply = await port.ask({
      type: 'saveProfile',
      profile: input,
      keepSecrets: true,
      ...(renameFrom !== undefined && { renameFrom }),
    });
    if (!reply.ok)
      return editorProblems(
        reply.error.fields ?? [{ path: 'profile', message: reply.error.message }],
      );
    const first = useOptions.getState().editing?.isNew === true;
    closeEditor(
      reply.value.signedOut
        ? `Saved ${name}; it now sends its tokens to another host or reads them from other fields, so its sign-in was dropped: connect again`
        : first
          ? `Saved ${name}. Next: Connect it, here in the list or in the popup of the Token Keeper button in the toolbar (not there? open the browser's Extensions menu, the puzzle piece, and pin Token Keeper).`
          : `Saved ${name}`,
    );
  }

  /** Signs in to a provider from the options page (one whose sign-in asks for no password here). */
  async function connectProvider(id: string, name: string): Promise<void> {
    say(`Connecting ${name}…`);
    const reply = await port.ask({ type: 'connect', providerId: id });
    say(reply.ok ? `Connected ${name}` : `Connect ${name}: ${reply.error.message}`);
  }

  /** The edited profile with the endpoints its issuer's discovery document gives, if it gives them. */
  async function discoverEndpoints(input: Record<string, unknown>): Promise<Profile | undefined> {
    const reply = await port.ask({ type: 'discover', profile: input });
    if (!reply.ok) {
      editorProblems(
        reply.error.fields ?? [{ path: 'client.issuer', message: reply.error.message }],
      );
      return undefined;
    }
    editorProblems([]);
    return reply.value.profile;
  }

  /** A real refresh of the stored profile, its request and response shown masked. */
  async function testRefresh(id: string): Promise<void> {
    const reply = await port.ask({ type: 'testRefresh', providerId: id });
    if (reply.ok) useOptions.setState({ testReport: reply.value });
    else editorProblems([{ path: 'test', message: reply.error.message }]);
  }

  return {
    useOptions,
    say,
    choosePreset,
    setBase,
    follow,
    dropKeptAside,
    addProvider,
    editProvider,
    closeEditor,
    deleteProvider,
    exportAll,
    previewImport,
    cancelImport,
    applyImport,
    reloadAccess,
    reloadTerminal,
    turnTerminalOn,
    turnTerminalOff,
    setTerminalAccess,
    addSite,
    removeSite,
    revokeGrant,
    editorProblems,
    saveEdited,
    connectProvider,
    discoverEndpoints,
    testRefresh,
  };
}
