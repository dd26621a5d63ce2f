import { describe, expect, it } from 'vitest';
import type { ProviderView } from '../shared/protocol';
import { shownRows } from './order';

const view = (name: string, status: ProviderView['status']): ProviderView => ({
  id: name,
  name,
  preset: 'custom',
  signIn: 'authorization_code',
  status,
});

describe('shownRows', () => {
  const providers = [
    view('Alpha', 'fresh'),
    view('Beta', 'signed-out'),
    view('Gamma', 'error'),
    view('Delta', 'refreshing'),
    view('Epsilon', 'needs-sign-in'),
  ];

  it('puts providers that need the user first, and keeps the added order otherwise', () => {
    expect(shownRows(providers, '').map((p) => p.name)).toEqual([
      'Gamma',
      'Epsilon',
      'Alpha',
      'Delta',
      'Beta',
    ]);
  });

  it('keeps the rows whose name holds the filter, in any case', () => {
    expect(shownRows(providers, ' LTA ').map((p) => p.name)).toEqual(['Delta']);
    expect(shownRows(providers, 'zzz')).toEqual([]);
  });

  it('puts a provider first when any of its identities needs the user, and finds it by one', () => {
    const identity = (name: string, status: ProviderView['status'], active: boolean) => ({
      ...view('Zeta', status),
      identity: name,
      identityName: name,
      active,
    });
    const zeta: ProviderView = {
      ...view('Zeta', 'fresh'),
      identities: [identity('admin', 'fresh', true), identity('viewer', 'needs-sign-in', false)],
    };
    expect(shownRows([view('Alpha', 'fresh'), zeta], '').map((p) => p.name)).toEqual([
      'Zeta',
      'Alpha',
    ]);
    expect(shownRows([view('Alpha', 'fresh'), zeta], 'VIEW').map((p) => p.name)).toEqual(['Zeta']);
  });
});
