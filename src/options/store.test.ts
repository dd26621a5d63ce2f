import { describe, expect, it } from 'vitest';
import { fakePagePort } from '../browser/fakes';
import { invalidFields } from '../core/failure';
import { createProfile } from '../core/profile/presets';
import type { KeptAsideView, ProviderView } from '../shared/protocol';
import { createOptions } from './store';

const kc = { id: 'kc', name: 'Keycloak', status: 'fresh' } as ProviderView;
const kept: KeptAsideView = {
  key: 'profile:old',
  area: 'local',
  what: 'profile',
  providerId: 'old',
  reason: 'its id is not the one it is stored under',
  keptAt: 1,
};
const profile = createProfile('keycloak', { id: 'kc', base: 'https://id.example' });
const input = profile as unknown as Record<string, unknown>;

describe('the options page’s store', () => {
  it('follows the status snapshot, then takes the worker’s providers and kept-aside items', async () => {
    const port = fakePagePort({ status: { providers: [kc] }, listKeptAside: { kept: [kept] } });
    const options = createOptions(port);
    const following = options.follow();
    port.snapshot?.({ providers: [{ ...kc, status: 'refreshing' }] });
    expect(options.useOptions.getState().providers[0]?.status).toBe('refreshing');
    await following;
    // The question was asked after that snapshot: its answer is newer, and stands.
    expect(options.useOptions.getState().providers[0]?.status).toBe('fresh');
    // A later snapshot shows as it comes, with no question asked.
    port.snapshot?.({ providers: [] });
    expect(options.useOptions.getState().providers).toEqual([]);
    expect(port.asked.filter((r) => r.type === 'status')).toHaveLength(1);
    expect(options.useOptions.getState().keptAside).toEqual([kept]);
  });

  it('removes a kept-aside item by its key and area, and shows what is left', async () => {
    const port = fakePagePort({ dropKeptAside: { kept: [] } });
    const options = createOptions(port);
    options.useOptions.setState({ keptAside: [kept] });
    await options.dropKeptAside(kept);
    expect(port.asked).toEqual([{ type: 'dropKeptAside', key: 'profile:old', area: 'local' }]);
    expect(options.useOptions.getState()).toMatchObject({ keptAside: [], message: 'Removed' });
  });

  it('says a wrong field at the field, before any permission is asked or anything is sent', async () => {
    const port = fakePagePort();
    let asked = 0;
    port.requestHosts = () => Promise.resolve(Boolean((asked += 1)));
    const options = createOptions(port);
    await options.saveEdited({ ...input, refresh: { method: 'PATCH', url: 'x' } }, 'Keycloak');
    expect(options.useOptions.getState().editorErrors.map((e) => e.path)).toContain(
      'refresh.method',
    );
    expect(asked).toBe(0);
    expect(port.asked).toEqual([]);
  });

  it('saves nothing when the hosts are not allowed, and says so at the permissions', async () => {
    const port = fakePagePort();
    port.granted = false;
    const options = createOptions(port);
    await options.saveEdited(input, 'Keycloak');
    expect(options.useOptions.getState().editorErrors).toEqual([
      {
        path: 'permissions',
        message: 'Token Keeper needs permission to reach the provider’s hosts',
      },
    ]);
    expect(port.asked).toEqual([]);
  });

  it('shows the worker’s refusal at its fields, and a first save says what to do next', async () => {
    const port = fakePagePort({
      saveProfile: invalidFields('invalid_profile', 'This profile clashes with another one.', [
        { path: 'id', message: 'is held by a stored profile that could not be read' },
      ]),
    });
    const options = createOptions(port);
    options.addProvider();
    await options.saveEdited(input, 'Keycloak');
    expect(options.useOptions.getState().editorErrors).toEqual([
      { path: 'id', message: 'is held by a stored profile that could not be read' },
    ]);
    expect(options.useOptions.getState().editing?.isNew).toBe(true);
    port.answers.saveProfile = { id: 'kc', signedOut: false };
    await options.saveEdited(input, 'Keycloak');
    expect(port.asked.at(-1)).toEqual({ type: 'saveProfile', profile: input, keepSecrets: true });
    expect(options.useOptions.getState().editing).toBeUndefined();
    expect(options.useOptions.getState().message).toMatch(/^Saved Keycloak\. Next: Connect it/);
  });

  it('names a new provider after its server, and says a server URL without its scheme at the field', () => {
    const options = createOptions(fakePagePort());
    options.useOptions.setState({ providers: [{ ...kc, id: '127.0.0.1-7105' }] });
    options.choosePreset('oidc');
    options.setBase('127.0.0.1:7105');
    options.addProvider();
    expect(options.useOptions.getState().baseProblem).toBe(
      'Add http:// or https:// in front (https://127.0.0.1:7105)',
    );
    expect(options.useOptions.getState().editing).toBeUndefined();
    options.setBase('http://127.0.0.1:7105/');
    options.addProvider();
    expect(options.useOptions.getState().editing?.editable.profile).toMatchObject({
      id: '127.0.0.1-7105-2',
      name: '127.0.0.1:7105',
    });
  });

  it('turns the terminal on through the browser’s permission prompt, and says so when it was refused', async () => {
    const link = { link: { kind: 'off' }, allowed: [] };
    const port = fakePagePort({ terminalAccess: link });
    const options = createOptions(port);
    port.granted = false;
    await options.turnTerminalOn();
    expect(options.useOptions.getState()).toMatchObject({
      message: 'Terminal: the browser did not give Token Keeper native messaging',
      terminal: link,
    });
    port.granted = true;
    port.answers.setTerminalAccess = { link: { kind: 'starting' }, allowed: ['kc'] };
    await options.setTerminalAccess('kc', true);
    expect(port.asked).toContainEqual({ type: 'setTerminalAccess', providerId: 'kc', allow: true });
    expect(options.useOptions.getState().terminal?.allowed).toEqual(['kc']);
  });
});
