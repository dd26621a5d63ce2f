import { describe, expect, it } from 'vitest';
import { originParts } from './origin-parts';

describe('originParts', () => {
  it('sets the site apart from the labels before it, so a look-alike prefix reads as one', () => {
    expect(originParts('https://paypal.com.account-check.io')).toMatchObject({
      scheme: 'https://',
      sub: 'paypal.com.',
      site: 'account-check.io',
      portText: '',
      port: 443,
      defaultPort: true,
      encrypted: true,
      idn: false,
    });
  });

  it('says a port, and that plain http is not encrypted', () => {
    expect(originParts('http://127.0.0.1:7201')).toMatchObject({
      scheme: 'http://',
      sub: '',
      site: '127.0.0.1',
      portText: ':7201',
      port: 7201,
      encrypted: false,
    });
  });

  it('shows an internationalised name in ASCII and flags it', () => {
    // "аpple.com" with a Cyrillic "а".
    const parts = originParts('https://\u0430pple.com');
    expect(parts).toMatchObject({ site: 'xn--pple-43d.com', idn: true });
  });

  it('keeps a two-label host and an IPv6 address whole', () => {
    expect(originParts('https://example.com')).toMatchObject({ sub: '', site: 'example.com' });
    expect(originParts('http://[::1]:8080')).toMatchObject({ sub: '', site: '[::1]', port: 8080 });
  });

  it('answers nothing for what is not an origin', () => {
    expect(originParts('not a url')).toBeUndefined();
  });
});
