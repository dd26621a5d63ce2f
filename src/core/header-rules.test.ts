import { describe, expect, it } from 'vitest';
import { headerRules } from './header-rules';

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

  it('has no rules when nothing is injected', () => {
    expect(headerRules([])).toEqual([]);
  });
});
