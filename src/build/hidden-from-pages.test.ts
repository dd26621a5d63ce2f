import { describe, expect, it } from 'vitest';
import { withoutWebAccessible } from './hidden-from-pages';

describe('withoutWebAccessible', () => {
  it('takes the bridge out of what web pages may load, and keeps the rest', () => {
    const built = {
      manifest_version: 3,
      name: 'Token Keeper',
      web_accessible_resources: [
        { matches: ['http://*/*'], resources: ['src/content/bridge.js'], use_dynamic_url: false },
      ],
    };
    expect(JSON.parse(withoutWebAccessible(JSON.stringify(built)))).toEqual({
      manifest_version: 3,
      name: 'Token Keeper',
    });
  });
});
