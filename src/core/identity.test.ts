import { describe, expect, it } from 'vitest';
import { makeJwt } from './__fixtures__/jwt';
import { identityNamed, nameProblem, nextIdentityKey, uniqueName, whoSignedIn } from './identity';

describe('whoSignedIn', () => {
  it('names the user by preferred_username, email, name, sub, in that order', () => {
    const all = { sub: 's1', name: 'Ann Lee', email: 'ann@example.org', preferred_username: 'ann' };
    expect(whoSignedIn({ accessToken: makeJwt(all) })).toEqual({ name: 'ann', subject: 's1' });
    const { preferred_username: _, ...noUsername } = all;
    expect(whoSignedIn({ accessToken: makeJwt(noUsername) }).name).toBe('ann@example.org');
    expect(whoSignedIn({ accessToken: makeJwt({ sub: 's1', name: 'Ann Lee' }) }).name).toBe(
      'Ann Lee',
    );
    expect(whoSignedIn({ accessToken: makeJwt({ sub: 's1' }) }).name).toBe('s1');
  });

  it('prefers the ID token’s claims, and knows nothing of an opaque token', () => {
    expect(
      whoSignedIn({
        accessToken: makeJwt({ sub: 'client' }),
        idToken: makeJwt({ sub: 'u', email: 'u@x' }),
      }),
    ).toEqual({ name: 'u@x', subject: 'u' });
    expect(whoSignedIn({ accessToken: 'opaque' })).toEqual({});
    // A claim of another type, or blank, is not a name.
    expect(whoSignedIn({ accessToken: makeJwt({ sub: 7, preferred_username: '  ' }) })).toEqual({});
  });
});

describe('names and keys', () => {
  const entries = [{ key: '1', name: 'alice' }, { key: '3', name: 'Bob' }, { key: '4' }];

  it('gives a new identity the key after the highest, never one in use', () => {
    expect(nextIdentityKey(entries)).toBe('5');
    expect(nextIdentityKey([])).toBe('1');
  });

  it('keeps two sign-ins that name the same user differently apart', () => {
    expect(uniqueName('carol', entries)).toBe('carol');
    expect(uniqueName('BOB', entries)).toBe('BOB (2)');
    expect(uniqueName('Identity 4', entries)).toBe('Identity 4 (2)');
  });

  it('says what is wrong with a name the user typed', () => {
    expect(nameProblem('bob', '1', entries)).toBe(
      'Another identity of this provider is called “Bob”.',
    );
    expect(nameProblem('bob', '3', entries)).toBeUndefined();
    expect(nameProblem('  ', '1', entries)).toBe('A name is needed.');
    expect(nameProblem('a/b', '1', entries)).toMatch(/cannot hold a line break or "\/"/);
    expect(nameProblem('x'.repeat(81), '1', entries)).toMatch(/at most 80/);
  });

  it('finds an identity by the name the popup shows, in any case', () => {
    expect(identityNamed(entries, 'BOB')?.key).toBe('3');
    expect(identityNamed(entries, 'identity 4')?.key).toBe('4');
    expect(identityNamed(entries, '3')).toBeUndefined();
  });
});
