import { describe, expect, it } from 'vitest';
import { headerRules, injectClashes, injectInitiators } from './header-rules';
import { createProfile } from './profile/presets';

describe('headerRules', () => {
  const one = (prefixes: string[], accessToken = 'A', initiators = ['api.example']) => ({
    prefixes,
    accessToken,
    initiators,
  });

  it('adds the bearer token for each prefix, anchored at the start of the URL, case counting', () => {
    const groups = headerRules([
      one(['http://127.0.0.1:7200/api/', 'https://api.example/v1/']),
      one(['https://other.example/'], 'B'),
    ]);
    expect(groups).toHaveLength(2);
    expect(
      groups.flat().map((r) => [r.id, r.condition.urlFilter, r.action.requestHeaders[0]?.value]),
    ).toEqual([
      [1, '|http://127.0.0.1:7200/api/', 'Bearer A'],
      [2, '|http://127.0.0.1:7200/api/', 'Bearer A'],
      [3, '|https://api.example/v1/', 'Bearer A'],
      [4, '|https://api.example/v1/', 'Bearer A'],
      [5, '|https://other.example/', 'Bearer B'],
      [6, '|https://other.example/', 'Bearer B'],
    ]);
    for (const rule of groups.flat()) expect(rule.condition.isUrlFilterCaseSensitive).toBe(true);
  });

  it('gives the header to requests from the provider’s own hosts only, and to navigations by GET only', () => {
    const [sub, nav] = headerRules([
      one(['https://api.example/'], 'A', ['api.example', 'app.test']),
    ]).flat();
    expect(sub?.condition.initiatorDomains).toEqual(['api.example', 'app.test']);
    for (const type of ['xmlhttprequest', 'script', 'websocket'])
      expect(sub?.condition.resourceTypes).toContain(type);
    expect(sub?.condition.resourceTypes).not.toContain('main_frame');
    expect(sub?.condition.requestMethods).toBeUndefined();
    // A form on any page may navigate with a POST: that gets no header.
    expect(nav?.condition).toMatchObject({
      resourceTypes: ['main_frame'],
      requestMethods: ['get'],
    });
    expect(nav?.condition.initiatorDomains).toBeUndefined();
  });

  it('leaves frames alone, which any page could open on an API URL', () => {
    for (const rule of headerRules([one(['https://api.example/'])]).flat())
      expect(rule.condition.resourceTypes).not.toContain('sub_frame');
  });

  it('lets the longer prefix win where two providers’ prefixes nest', () => {
    const [outer, inner] = headerRules([
      one(['https://api.example/']),
      one(['https://api.example/admin/'], 'B'),
    ]);
    expect(inner?.[0]?.priority).toBeGreaterThan(outer?.[0]?.priority ?? Infinity);
  });

  it('has no rules when nothing is injected', () => {
    expect(headerRules([])).toEqual([]);
  });
});

describe('injectInitiators', () => {
  it('names the hosts of the prefixes, of injectFrom and of the allowed sites, once each', () => {
    expect(
      injectInitiators(
        {
          inject: ['http://127.0.0.1:7200/api/', 'https://api.example/v1/'],
          injectFrom: ['http://app.localhost:5173', 'https://api.example:8443'],
        },
        ['http://127.0.0.1:3000'],
      ),
    ).toEqual(['127.0.0.1', 'api.example', 'app.localhost']);
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

  it('refuses a prefix over any profile’s sign-in page or endpoint, its own included', () => {
    const uitid = {
      ...createProfile('uitid', { id: 'u', base: 'https://idp.example' }),
      name: 'UiTiD',
    };
    const broad = profile('a', ['https://idp.example/']);
    expect(injectClashes(broad, [uitid])).toEqual([
      {
        path: 'inject[0]',
        message:
          'covers UiTiD’s https://idp.example/connect: its sign-in and token requests would carry this token; use a narrower prefix',
      },
    ]);
    const own = profile('a', ['https://auth.apiax.io/auth/realms/']);
    expect(injectClashes(own, [])[0]?.message).toMatch(
      /^covers this profile’s https:\/\/auth\.apiax\.io/,
    );
    expect(injectClashes(profile('a', ['https://idp.example/api/']), [uitid])).toEqual([]);
  });

  it('refuses a profile whose endpoints are under another profile’s prefix', () => {
    const uitid = {
      ...createProfile('uitid', { id: 'u', base: 'https://idp.example' }),
      name: 'UiTiD',
    };
    const paths = injectClashes(uitid, [profile('a', ['https://IDP.example/'])]).map((e) => e.path);
    expect(paths).toEqual(['signIn.url', 'refresh.url']);
  });

  it('refuses more prefixes in all than the browser holds rules for', () => {
    const many = (id: string, n: number) =>
      profile(
        id,
        Array.from({ length: n }, (_, i) => `https://api.example/${id}${i}/`),
      );
    expect(injectClashes(many('a', 1_000), [many('b', 1_500)])).toEqual([]);
    expect(injectClashes(many('a', 1_001), [many('b', 1_500)])).toEqual([
      {
        path: 'inject',
        message: 'makes 2501 prefixes in all; the browser holds rules for at most 2500',
      },
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
