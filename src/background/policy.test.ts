import { describe, expect, it } from 'vitest';
import { exportProfiles } from '../core/profile/transfer';
import { exportAll } from './transfer';
import { handlePageRequest } from './page-requests';
import { applyPolicy } from './policy';
import { deleteProfile, saveProfile } from './profiles';
import { statusView } from './status';
import { handleTerminal } from './terminal';
import { autoPrompts, keycloak, world, type TestWorld, signedIn } from './__fixtures__/world';

const T = 1_700_000_000_000;
const APP = 'http://127.0.0.1:7200';
const managed = keycloak({ name: 'Team Keycloak' });

async function signIn(w: TestWorld) {
  await signedIn(w.deps.store, managed, {
    tokens: {
      accessToken: 'AT',
      tokenType: 'bearer',
      refreshToken: 'RT',
      obtainedAt: T,
      expiresAt: T + 1_800_000,
    },
    status: 'fresh',
  });
}

describe('the organization’s policy', () => {
  it('sets profiles that show as managed, cannot be deleted, and take only secrets from the user', async () => {
    const w = world();
    w.policy = { profiles: exportProfiles([managed]) };
    expect(await applyPolicy(w.deps)).toEqual([]);
    expect((await statusView(w.deps)).providers).toEqual([
      expect.objectContaining({ id: 'kc', name: 'Team Keycloak', managed: true }),
    ]);
    expect(await deleteProfile(w.deps, 'kc')).toMatchObject({
      ok: false,
      error: { code: 'set_by_policy' },
    });
    const saved = await saveProfile(
      w.deps,
      { ...managed, name: 'Mine now', secrets: { clientSecret: 's3cret' } },
      true,
    );
    expect(saved.ok).toBe(true);
    const stored = await w.deps.store.profile('kc');
    expect(stored?.name).toBe('Team Keycloak');
    expect(stored?.secrets).toEqual({ clientSecret: 's3cret' });
    expect(await saveProfile(w.deps, { ...managed, id: 'other' }, true, 'kc')).toMatchObject({
      ok: false,
      error: { code: 'set_by_policy' },
    });
  });

  it('keeps tokens and secrets for a change of name, drops them when an endpoint moves, and removes a profile it no longer sets', async () => {
    const w = world();
    w.policy = { profiles: exportProfiles([managed]) };
    await applyPolicy(w.deps);
    await signIn(w);
    await saveProfile(w.deps, { ...managed, secrets: { clientSecret: 's3cret' } }, true);
    w.policy = { profiles: exportProfiles([{ ...managed, name: 'Renamed' }]) };
    await applyPolicy(w.deps);
    expect((await w.deps.store.profile('kc'))?.name).toBe('Renamed');
    expect((await w.deps.store.profile('kc'))?.secrets).toEqual({ clientSecret: 's3cret' });
    expect(await w.deps.store.record(managed)).toBeDefined();

    const signInPart = managed.signIn as { token: { url: string } };
    const moved = {
      ...managed,
      signIn: {
        ...managed.signIn,
        token: { ...signInPart.token, url: 'https://elsewhere.example/token' },
      },
    };
    w.policy = { profiles: exportProfiles([moved as typeof managed]) };
    await applyPolicy(w.deps);
    expect(await w.deps.store.record(managed)).toBeUndefined();
    expect((await w.deps.store.profile('kc'))?.secrets).toEqual({});

    w.policy = {};
    await applyPolicy(w.deps);
    expect(await w.deps.store.profiles()).toEqual([]);
    expect(await w.deps.store.managed()).toEqual([]);
  });

  it('leaves the user’s own profiles alone, and a bad policy changes nothing it cannot read', async () => {
    const w = world();
    const mine = keycloak({ id: 'mine', name: 'Mine' });
    await w.deps.store.saveProfile(mine, undefined);
    w.policy = { profiles: 'not an export' };
    expect(await applyPolicy(w.deps)).toEqual(['profiles: The file is not JSON.']);
    expect((await w.deps.store.profiles()).map((p) => p.id)).toEqual(['mine']);
  });

  it('gives a pre-approved site its token without a window, and refuses a blocked one whatever the user allowed', async () => {
    const w = world();
    w.policy = {
      profiles: exportProfiles([managed]),
      allowedSites: [{ origin: APP, provider: 'kc' }],
      blockedSites: ['http://127.0.0.1:7300'],
    };
    await applyPolicy(w.deps);
    await signIn(w);
    const { prompts, asked } = autoPrompts(true);
    const ask = { type: 'getToken', provider: 'kc' };
    expect(
      await handlePageRequest(w.deps, prompts.ask, APP, ask, 'externally_connectable'),
    ).toMatchObject({
      ok: true,
      value: { accessToken: 'AT' },
    });
    expect(asked).toEqual([]);
    await w.deps.consent.changeGrants(() => [
      { origin: 'http://127.0.0.1:7300', provider: 'kc', grantedAt: T },
    ]);
    expect(
      await handlePageRequest(
        w.deps,
        prompts.ask,
        'http://127.0.0.1:7300',
        ask,
        'externally_connectable',
      ),
    ).toEqual({
      ok: false,
      error: {
        code: 'denied',
        message: 'Your organization does not allow this site to ask Token Keeper.',
      },
    });
  });

  it('turns the terminal and export off when it says so', async () => {
    const w = world();
    w.policy = { terminal: false, export: false };
    expect(await handleTerminal(w.deps, autoPrompts(true).prompts.ask, { type: 'status' })).toEqual(
      {
        ok: false,
        error: {
          code: 'denied',
          message: 'Your organization turned terminal access off in Token Keeper.',
        },
      },
    );
    expect(await exportAll(w.deps)).toMatchObject({ ok: false, error: { code: 'set_by_policy' } });
  });
});

describe('with no policy', () => {
  it('writes nothing at all', async () => {
    const w = world();
    await applyPolicy(w.deps);
    expect(await w.local.get(null)).toEqual({});
  });
});
