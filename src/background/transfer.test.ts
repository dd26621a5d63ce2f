import { describe, expect, it } from 'vitest';
import { createProfile } from '../core/profile/presets';
import type { Profile } from '../core/profile/types';
import { exportProfiles } from '../core/profile/transfer';
import { onAlarm } from './alarms';
import { route } from './router';
import type { Reply } from '../shared/protocol';
import type { ProviderRecord } from './store';
import { jsonResponse } from '../browser/fakes';
import { autoPrompts, world, type TestWorld } from './__fixtures__/world';

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
  await w.deps.store.putRecord(profile, record);
  await w.deps.consent.putGrants([
    { origin: 'http://localhost:3000', provider: 'fos', grantedAt: 1 },
  ]);
}

const importing = (w: TestWorld, profiles: Profile[], apply: boolean) =>
  route(
    { deps: w.deps, prompts },
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
      'refresh.url: https://auth.example/oauth/v2/token → https://evil.example/oauth/v2/token',
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
        profiles: [{ change: 'moved', changes: ['inject[0]: new https://collector.example/'] }],
      },
    });
    expect(await w.deps.store.record(stored)).toBeUndefined();
    expect(w.headerRuleSets.at(-1) ?? []).toEqual([]);
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
    const handler = route({ deps: w.deps, prompts }, extension, Promise.resolve());
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
      { deps: w.deps, prompts },
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
      { deps: w.deps, prompts },
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
      { deps: w.deps, prompts },
      extension,
      Promise.resolve(),
    )({ type: 'deleteProfile', providerId: 'fos' }, fromOptions);
    expect(await w.deps.consent.grants()).toEqual([]);
  });
});
