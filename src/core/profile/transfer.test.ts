import { describe, expect, it } from 'vitest';
import { createProfile } from './presets';
import type { Profile } from './types';
import { exportProfiles, importProfiles } from './transfer';

const uitid: Profile = {
  ...createProfile('uitid', { id: 'u' }),
  secrets: { apiKey: 'API-KEY-SECRET' },
};
const fos: Profile = {
  ...createProfile('fosoauth', { id: 'f' }),
  client: { clientId: 'c' },
  secrets: { clientSecret: 'CLIENT-SECRET' },
};

describe('export and import', () => {
  it('exports no secret, and a round trip keeps everything else', () => {
    const file = exportProfiles([uitid, fos]);
    expect(file).not.toContain('SECRET');
    const back = importProfiles(file);
    expect(back).toEqual({
      ok: true,
      value: [
        { ...uitid, secrets: {} },
        { ...fos, secrets: {} },
      ],
    });
  });

  it('brings no secret even when the file has some', () => {
    const file = JSON.parse(exportProfiles([uitid])) as { profiles: object[] };
    file.profiles = file.profiles.map((p) => ({ ...p, secrets: uitid.secrets }));
    expect(importProfiles(JSON.stringify(file))).toEqual({
      ok: true,
      value: [{ ...uitid, secrets: {} }],
    });
  });

  it.each([
    ['not JSON', '{', 'The file is not JSON.'],
    ['another kind of file', '{"profiles": []}', 'not a Token Keeper profile export'],
    [
      'an unknown version',
      '{"format":"token-keeper-profiles","version":9,"profiles":[]}',
      'Export version 9',
    ],
  ])('rejects %s', (_name, text, message) => {
    const result = importProfiles(text);
    expect(!result.ok && result.error.message).toContain(message);
  });

  it('rejects the whole file when one profile is wrong, naming the field', () => {
    const file = JSON.parse(exportProfiles([uitid, fos])) as {
      profiles: Record<string, unknown>[];
    };
    file.profiles[1] = {
      ...file.profiles[1],
      refresh: { method: 'GET', url: 'http://evil.example/t', params: [] },
    };
    const result = importProfiles(JSON.stringify(file));
    expect(result).toMatchObject({
      ok: false,
      error: { fields: [{ path: 'profiles[1].refresh.url' }] },
    });
    expect(!result.ok && result.error.fields?.[0]?.message).toContain('must use https:');
  });

  it('rejects two profiles with one id', () => {
    const result = importProfiles(exportProfiles([uitid, uitid]));
    expect(result).toMatchObject({ ok: false, error: { fields: [{ path: 'profiles[1].id' }] } });
  });
});
