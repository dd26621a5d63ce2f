import { describe, expect, it } from 'vitest';
import { createProfile } from '../core/profile/presets';
import type { Profile } from '../core/profile/types';
import { exportProfiles } from '../core/profile/transfer';
import { onAlarm } from './alarms';
import { route } from './router';
import type { Reply } from '../shared/protocol';
import type { ProviderRecord } from './records';
import { jsonResponse } from '../browser/fakes';
import { autoPrompts, noTerminal, world, type TestWorld, signedIn } from './__fixtures__/world';

const extension = { id: 'ext-id', origin: 'chrome-extension://ext-id/' };
const fromOptions = {
  id: 'ext-id',
  url: 'chrome-extension://ext-id/src/options/index.html',
  fromTab: true,
};
const { prompts } = autoPrompts('never');

const fos = (base: string, over: Partial<Profile> = {}): Profile => ({
  ...createProfile('fosoauth', { id: 'fos', base }),
  client: { clientId: 'client-1', scope: 'email' },
  secrets: { clientSecret: 'CLIENT-SECRET' },
  ...over,
});
const record: ProviderRecord = {
  tokens: {
    accessToken: 'AT',
    refreshToken: 'RT',
    tokenType: 'bearer',
    obtainedAt: 1,
    expiresAt: 2,
  },
  status: 'fresh',
};

/** A connected FOSOAuth provider that one page may get tokens from. */
async function connected(w: TestWorld, profile: Profile) {
  await w.deps.store.saveProfile(profile, undefined);
  await signedIn(w.deps.store, profile, record);
  await w.deps.consent.changeGrants(() => [
    { origin: 'http://localhost:3000', provider: 'fos', grantedAt: 1 },
  ]);
}

const importing = (w: TestWorld, profiles: Profile[], apply: boolean) =>
  route(
    { deps: w.deps, prompts, terminal: noTerminal },
    extension,
    Promise.resolve(),
  )({ type: 'importProfiles', text: exportProfiles(profiles), apply }, fromOptions) as Promise<
    Reply<'importProfiles'>
  >;

describe('an imported profile with the id of a connected one', () => {
  it('that sends elsewhere: the preview says what moved; applied, the tokens, secrets and page grants go, and nothing is sent', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const hostile = fos('https://evil.example', { name: stored.name });

    const preview = await importing(w, [hostile], false);
    expect(preview).toMatchObject({
      ok: true,
      value: {
        applied: false,
        profiles: [
          { id: 'fos', change: 'moved', connected: true, hosts: ['https://evil.example'] },
        ],
      },
    });
    expect(preview.ok && preview.value.profiles[0]?.changes).toContain(
      'Refresh endpoint: GET https://auth.example/oauth/v2/token → GET https://evil.example/oauth/v2/token',
    );
    // A preview changes nothing.
    expect(await w.deps.store.record(stored)).toEqual(record);

    expect(await importing(w, [hostile], true)).toMatchObject({
      ok: true,
      value: { applied: true },
    });
    const now = await w.deps.store.profile('fos');
    expect(now?.refresh?.url).toBe('https://evil.example/oauth/v2/token');
    expect(now?.secrets).toEqual({});
    expect(await w.deps.store.record(hostile)).toBeUndefined();
    expect(await w.deps.consent.grants()).toEqual([]);
    // The next alarm has nothing to send, and sends nothing.
    await onAlarm(w.deps, 'refresh:fos');
    expect(w.http.sent).toEqual([]);
  });

  it('that sends everything where it did keeps its secrets, its tokens and its grants', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const renamed = { ...stored, name: 'Renamed', secrets: {} };
    expect(await importing(w, [renamed], true)).toMatchObject({
      ok: true,
      value: { profiles: [{ change: 'same', connected: true }] },
    });
    expect((await w.deps.store.profile('fos'))?.secrets).toEqual(stored.secrets);
    expect(await w.deps.store.record(stored)).toEqual(record);
    expect(await w.deps.consent.grants()).toHaveLength(1);
  });

  it('that adds a prefix on another host counts as moved: a file may not send the token somewhere new', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const injecting = { ...stored, inject: ['https://collector.example/'] };
    expect(await importing(w, [injecting], true)).toMatchObject({
      ok: true,
      value: {
        profiles: [
          { change: 'moved', changes: ['API prefixes: none → https://collector.example/'] },
        ],
      },
    });
    expect(await w.deps.store.record(stored)).toBeUndefined();
    expect(w.headerRuleSets.at(-1) ?? []).toEqual([]);
  });
});

describe('an imported file that keeps every URL but changes their roles', () => {
  const api = 'https://api.example/v1/';
  const stored = () => ({ ...fos('https://auth.example'), inject: [api] });

  it('that points the refresh endpoint at the API prefix is refused whole: nothing changes', async () => {
    const w = world();
    const profile = stored();
    await connected(w, profile);
    const swapped: Profile = { ...profile, refresh: { method: 'GET', url: api, params: [] } };
    const reply = await importing(w, [swapped], true);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    expect(!reply.ok && reply.error.fields?.map((f) => f.path)).toEqual(['profiles[0].inject[0]']);
    expect(await w.deps.store.record(profile)).toEqual(record);
    expect((await w.deps.store.profile('fos'))?.refresh?.url).toBe(profile.refresh?.url);
  });

  it('that points the refresh or revocation endpoint at a page allowed to call the API is moved: the next alarm sends nothing', async () => {
    for (const role of ['refresh', 'revoke'] as const) {
      const w = world();
      const app = 'https://app.example';
      const profile: Profile = {
        ...stored(),
        injectFrom: [app],
        revoke: { method: 'POST', url: 'https://auth.example/revoke', params: [] },
      };
      await connected(w, profile);
      const swapped: Profile = {
        ...profile,
        [role]: { method: 'POST', url: `${app}/collect`, params: [] },
      };
      const preview = await importing(w, [swapped], true);
      expect(preview).toMatchObject({ ok: true, value: { profiles: [{ change: 'moved' }] } });
      expect(preview.ok && preview.value.profiles[0]?.changes[0]).toMatch(
        /^(Refresh|Revocation) endpoint: .* → .* https:\/\/app\.example\/collect$/,
      );
      expect((await w.deps.store.profile('fos'))?.secrets).toEqual({});
      expect(await w.deps.store.record(profile)).toBeUndefined();
      await onAlarm(w.deps, 'refresh:fos');
      expect(w.http.sent).toEqual([]);
    }
  });

  it('that reads the access token from the ID token’s field is moved', async () => {
    const w = world();
    const profile = createProfile('keycloak', { id: 'fos', base: 'https://auth.example/realms/a' });
    await connected(w, profile);
    const swapped = { ...profile, response: { ...profile.response, accessToken: 'id_token' } };
    const preview = await importing(w, [swapped], true);
    expect(preview.ok && preview.value.profiles[0]?.changes).toEqual([
      'Token response: access token field: access_token → id_token',
    ]);
    expect(await w.deps.store.record(profile)).toBeUndefined();
  });

  it('that reads the access token from the refresh token’s field is refused whole', async () => {
    const w = world();
    const profile = createProfile('keycloak', { id: 'fos', base: 'https://auth.example/realms/a' });
    await connected(w, profile);
    const swapped = { ...profile, response: { ...profile.response, accessToken: 'refresh_token' } };
    const reply = await importing(w, [swapped], true);
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_file' } });
    expect(!reply.ok && reply.error.fields?.[0]?.path).toBe('profiles[0].response.accessToken');
    expect(await w.deps.store.record(profile)).toEqual(record);
  });

  it('that only renames keeps everything', async () => {
    const w = world();
    const profile = stored();
    await connected(w, profile);
    expect(await importing(w, [{ ...profile, name: 'Team API' }], true)).toMatchObject({
      ok: true,
      value: { profiles: [{ change: 'same', changes: [] }] },
    });
    expect(await w.deps.store.record(profile)).toEqual(record);
    expect((await w.deps.store.profile('fos'))?.secrets).toEqual(profile.secrets);
  });
});

describe('an imported file that holds secrets', () => {
  it('says which were not imported, and imports none', async () => {
    const w = world();
    const file = JSON.stringify({
      format: 'token-keeper-profiles',
      version: 1,
      profiles: [fos('https://auth.example', { secrets: { clientSecret: 'IN-THE-FILE' } })],
    });
    const handler = route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    );
    expect(
      await handler({ type: 'importProfiles', text: file, apply: true }, fromOptions),
    ).toMatchObject({
      ok: true,
      value: { profiles: [{ change: 'new', secretsNotImported: ['clientSecret'] }] },
    });
    expect((await w.deps.store.profile('fos'))?.secrets).toEqual({});
  });
});

describe('saving a profile whose endpoints moved to another host', () => {
  const save = (w: TestWorld, profile: object) =>
    route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    )({ type: 'saveProfile', profile, keepSecrets: true }, fromOptions) as Promise<
      Reply<'saveProfile'>
    >;

  it('does not carry the stored secret there: it must be entered again', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const reply = await save(w, { ...fos('https://evil.example'), secrets: {} });
    expect(reply).toMatchObject({ ok: false, error: { code: 'invalid_profile' } });
    expect(!reply.ok && reply.error.fields?.at(-1)).toEqual({
      path: 'secrets',
      message:
        'stored secrets stay with the hosts they were saved for: enter them again for the new host',
    });
    expect(await w.deps.store.profile('fos')).toEqual(stored);
    expect(await w.deps.store.record(stored)).toEqual(record);
  });

  it('signs the provider out when saved with a new secret', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const moved = { ...fos('https://other.example'), secrets: { clientSecret: 'NEW' } };
    expect(await save(w, moved)).toEqual({ ok: true, value: { id: 'fos', signedOut: true } });
    expect((await w.deps.store.profile('fos'))?.secrets).toEqual({ clientSecret: 'NEW' });
    expect(await w.deps.store.record(stored)).toBeUndefined();
  });

  it('keeps the secret and the sign-in for an edit on the same hosts', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const edited = { ...stored, name: 'Edited', secrets: {}, inject: ['https://api.example/'] };
    expect(await save(w, edited)).toEqual({ ok: true, value: { id: 'fos', signedOut: false } });
    expect((await w.deps.store.profile('fos'))?.secrets).toEqual(stored.secrets);
    expect(await w.deps.store.record(stored)).toEqual(record);
  });
});

describe('saving a profile with another client id', () => {
  it('asks pages again: they were allowed tokens of the other client', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    const other = { ...stored, client: { ...stored.client, clientId: 'client-2' } };
    await route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    )({ type: 'saveProfile', profile: other, keepSecrets: true }, fromOptions);
    expect(await w.deps.consent.grants()).toEqual([]);
    expect(await w.deps.store.record(stored)).toEqual(record);
  });
});

describe('deleting a profile', () => {
  it('takes back every page’s access: a new profile under that id asks again', async () => {
    const w = world();
    const stored = fos('https://auth.example');
    await connected(w, stored);
    w.http.queue.push(jsonResponse('', 200));
    await route(
      { deps: w.deps, prompts, terminal: noTerminal },
      extension,
      Promise.resolve(),
    )({ type: 'deleteProfile', providerId: 'fos' }, fromOptions);
    expect(await w.deps.consent.grants()).toEqual([]);
  });
});
