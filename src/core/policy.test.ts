import { describe, expect, it } from 'vitest';
import { NO_POLICY, parsePolicy } from './policy';
import { createProfile } from './profile/presets';
import { exportProfiles } from './profile/transfer';

const kc = createProfile('keycloak', { id: 'kc', base: 'https://id.example/realms/r' });

describe('parsePolicy', () => {
  it('reads profiles from an export file’s text, or its list of profiles, and the other settings', () => {
    const policy = parsePolicy({
      profiles: exportProfiles([kc]),
      allowedSites: [{ origin: 'https://app.example', provider: 'kc' }],
      blockedSites: ['https://evil.example'],
      terminal: false,
      export: false,
    });
    expect(policy).toEqual({
      profiles: [kc],
      allowedSites: [{ origin: 'https://app.example', provider: 'kc' }],
      blockedSites: ['https://evil.example'],
      terminal: false,
      export: false,
      problems: [],
    });
    expect(parsePolicy({ profiles: [kc] }).profiles).toEqual([kc]);
    expect(parsePolicy({})).toEqual(NO_POLICY);
  });

  it('names each setting it cannot read and leaves it out; the rest applies', () => {
    const policy = parsePolicy({
      profiles: '{"format":"token-keeper-profiles","version":1,"profiles":[{"id":"x"}]}',
      allowedSites: [
        { origin: 'https://app.example/path', provider: 'kc' },
        { origin: 'https://ok.example', provider: 'kc' },
      ],
      blockedSites: 'https://evil.example',
      terminal: 'no',
      colour: 'blue',
    });
    expect(policy.profiles).toEqual([]);
    expect(policy.allowedSites).toEqual([{ origin: 'https://ok.example', provider: 'kc' }]);
    expect(policy.blockedSites).toEqual([]);
    expect(policy.terminal).toBe(true);
    expect(policy.problems).toEqual([
      'colour: not a setting Token Keeper knows',
      'allowedSites[0]: an http(s) origin (like https://app.example:8443) and a provider id',
      'blockedSites: a list',
      expect.stringMatching(/^profiles: profiles\[0\]\./) as string,
      'terminal: true or false, not "no"',
    ]);
    expect(parsePolicy({ profiles: 42 }).problems).toEqual([
      'profiles: not the text of a Token Keeper export file, nor its list of profiles',
    ]);
    expect(parsePolicy({ profiles: 'not json' }).problems).toEqual([
      'profiles: The file is not JSON.',
    ]);
  });
});
