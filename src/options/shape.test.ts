import { describe, expect, it } from 'vitest';
import { createProfile } from '../core/profile/presets';
import { fieldPath, fieldText, readShape, withFieldText } from './shape';

const oidc = createProfile('oidc', { id: 'o', base: 'https://sso.example.com' });
const shapeOf = (profile: object) => readShape(JSON.stringify(profile)) ?? {};

describe('the editor’s fields over the JSON', () => {
  it('reads each field where its sign-in kind keeps it', () => {
    const shape = shapeOf(oidc);
    expect(fieldPath(shape, 'signInUrl')).toBe('signIn.authorizeUrl');
    expect(fieldText(shape, 'signInUrl')).toBe('https://sso.example.com/authorize');
    expect(fieldText(shape, 'tokenUrl')).toBe('https://sso.example.com/token');
    expect(fieldText(shape, 'leadSeconds')).toBe(String(oidc.expiry.leadSeconds));
    const uitid = shapeOf(createProfile('uitid', { id: 'u' }));
    expect(fieldPath(uitid, 'signInUrl')).toBe('signIn.url');
    const kc = shapeOf(createProfile('keycloak', { id: 'kc' }));
    expect(fieldPath(kc, 'signInUrl')).toBe('signIn.token.url');
  });

  it('writes a field into the JSON and leaves every other key as it was', () => {
    const shape = shapeOf(oidc);
    const text = withFieldText(shape, 'leadSeconds', '120');
    const after = readShape(text) ?? {};
    expect(after).toEqual({ ...shape, expiry: { ...oidc.expiry, leadSeconds: 120 } });
    expect(fieldText(after, 'leadSeconds')).toBe('120');
  });

  it('keeps text that is not a number as typed, for the profile check to name', () => {
    const after = readShape(withFieldText(shapeOf(oidc), 'accessSeconds', 'ten')) ?? {};
    expect((after['expiry'] as Record<string, unknown>)['defaultAccessSeconds']).toBe('ten');
  });

  it('removes a key whose field was emptied, and adds one a field was given', () => {
    const shape = shapeOf(oidc);
    const withInject =
      readShape(withFieldText(shape, 'inject', 'https://api.example.com/\n')) ?? {};
    expect(withInject['inject']).toEqual(['https://api.example.com/']);
    const without = readShape(withFieldText(withInject, 'inject', '  ')) ?? {};
    expect('inject' in without).toBe(false);
  });

  it('reads and writes the sign-in page’s extra parameters as name=value lines', () => {
    const shape = shapeOf(oidc);
    const text = withFieldText(shape, 'authorizeParams', 'prompt=consent\naudience = https://api');
    const after = readShape(text) ?? {};
    expect((after['signIn'] as Record<string, unknown>)['authorizeParams']).toEqual([
      { name: 'prompt', in: 'query', value: 'consent' },
      { name: 'audience', in: 'query', value: 'https://api' },
    ]);
    expect(fieldText(after, 'authorizeParams')).toBe('prompt=consent\naudience=https://api');
  });

  it('has no shape while the JSON is not an object', () => {
    expect(readShape('{ "signIn": ')).toBeUndefined();
    expect(readShape('[]')).toBeUndefined();
  });

  it('sets silent sign-in on or off, or leaves it to the default by removing the key', () => {
    const shape = shapeOf(oidc);
    expect(fieldText(shape, 'silent')).toBe('');
    const off = readShape(withFieldText(shape, 'silent', 'false')) ?? {};
    expect((off['signIn'] as Record<string, unknown>)['silent']).toBe(false);
    expect(fieldText(off, 'silent')).toBe('false');
    const back = readShape(withFieldText(off, 'silent', '')) ?? {};
    expect('silent' in (back['signIn'] as Record<string, unknown>)).toBe(false);
  });
});
