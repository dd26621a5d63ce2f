import { describe, expect, it } from 'vitest';
import { headerRules, injectClashes } from './header-rules';
import { createProfile } from './presets';

describe('headerRules', () => {
  it('adds the bearer token for each prefix, anchored at the start of the URL', () => {
    const rules = headerRules([
      { prefixes: ['http://127.0.0.1:7200/api/', 'https://api.example/v1/'], accessToken: 'A' },
      { prefixes: ['https://other.example/'], accessToken: 'B' },
    ]);
    expect(
      rules.map((r) => [r.id, r.condition.urlFilter, r.action.requestHeaders[0]?.value]),
    ).toEqual([
      [1, '|http://127.0.0.1:7200/api/', 'Bearer A'],
      [2, '|https://api.example/v1/', 'Bearer A'],
      [3, '|https://other.example/', 'Bearer B'],
    ]);
  });

  it('leaves frames alone, which any page could open on an API URL', () => {
    const [rule] = headerRules([{ prefixes: ['https://api.example/'], accessToken: 'A' }]);
    expect(rule?.condition.resourceTypes).toContain('xmlhttprequest');
    expect(rule?.condition.resourceTypes).toContain('main_frame');
    expect(rule?.condition.resourceTypes).not.toContain('sub_frame');
  });

  it('lets the longer prefix win where two providers’ prefixes nest', () => {
    const [outer, inner] = headerRules([
      { prefixes: ['https://api.example/'], accessToken: 'A' },
      { prefixes: ['https://api.example/admin/'], accessToken: 'B' },
    ]);
    expect(inner?.priority).toBeGreaterThan(outer?.priority ?? Infinity);
  });

  it('has no rules when nothing is injected', () => {
    expect(headerRules([])).toEqual([]);
  });
});

describe('injectClashes', () => {
  const profile = (id: string, inject: string[]) => ({
    ...createProfile('keycloak', { id }),
    name: `Provider ${id}`,
    inject,
  });

  it('names each prefix another profile injects, ignoring case as the browser does', () => {
    const mine = profile('a', ['https://api.example/v1/', 'https://api.example/V2/']);
    const theirs = profile('b', ['https://api.example/v2/']);
    expect(injectClashes(mine, [mine, theirs])).toEqual([
      { path: 'inject[1]', message: 'is already added by Provider b' },
    ]);
  });

  it('allows nested prefixes, and a profile’s own earlier version', () => {
    const mine = profile('a', ['https://api.example/admin/']);
    expect(
      injectClashes(mine, [
        profile('a', ['https://api.example/admin/']),
        profile('b', ['https://api.example/']),
      ]),
    ).toEqual([]);
  });
});
