import { describe, expect, it } from 'vitest';
import { maskAll, maskSecretFields, maskValue, maskValues, redact } from './mask';

describe('maskValues', () => {
  it('hides values raw, URL-encoded and form-encoded, keeping the last four of long ones', () => {
    const token = 'abc/def+ghi=jklmnopq';
    const text = `refresh_token=${new URLSearchParams({ t: token }).toString().slice(2)}&x=${encodeURIComponent(token)}&raw=${token}&secret=s3cr3t`;
    expect(maskValues(text, [token, 's3cr3t', undefined])).toBe(
      'refresh_token=••••nopq&x=••••nopq&raw=••••nopq&secret=••••',
    );
  });

  it('hides a value that contains another whole', () => {
    expect(maskValues('key=secret-long-value-1234', ['secret', 'secret-long-value-1234'])).toBe(
      'key=••••1234',
    );
  });

  it('leaves very short values alone rather than hiding every "a"', () => {
    expect(maskValues('a b c', ['a'])).toBe('a b c');
    expect(maskValue('short')).toBe('••••');
  });
});

describe('maskValues, JSON-escaped', () => {
  it('hides a secret with a quote or a backslash as a JSON body writes it', () => {
    const secret = 'pa"ss\\word-long-1234';
    const body = JSON.stringify({ client_secret: secret, other: 1 });
    expect(maskValues(body, [secret])).toBe('{"client_secret":"••••1234","other":1}');
  });
});

describe('maskSecretFields', () => {
  it('hides secret-named JSON fields whatever their values, and keeps the rest', () => {
    const body =
      '{"access_token":"a1","refreshToken":"unknown-rotated-value","token_type":"bearer","expires_in":60,"error":"x"}';
    expect(maskSecretFields(body)).toBe(
      '{"access_token":"••••","refreshToken":"••••alue","token_type":"bearer","expires_in":60,"error":"x"}',
    );
  });

  it('hides secret-named form and query fields', () => {
    expect(
      maskSecretFields(
        'grant_type=refresh_token&refresh_token=abc&client_secret=s3&apiKey=k&token_type_hint=refresh_token',
      ),
    ).toBe(
      'grant_type=refresh_token&refresh_token=••••&client_secret=••••&apiKey=••••&token_type_hint=refresh_token',
    );
    expect(maskSecretFields('https://a.example/refresh?apiKey=KEY&refresh=R')).toBe(
      'https://a.example/refresh?apiKey=••••&refresh=R',
    );
  });

  it('reads an escaped quote inside a JSON value as part of it', () => {
    expect(maskSecretFields('{"id_token":"a\\"b-cdefghijklmnop"}')).toBe('{"id_token":"••••mnop"}');
  });
});

describe('maskAll', () => {
  it('hides known values, secret-named fields and anything shaped like a JWT', () => {
    const jwt = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl';
    const text = `client_id=app&client_secret=KNOWN-SECRET-VALUE&x=${jwt} {"refresh_token":"unknown"}`;
    const masked = maskAll(text, ['KNOWN-SECRET-VALUE']);
    expect(masked).not.toContain('KNOWN-SECRET-VALUE');
    expect(masked).not.toContain(jwt);
    expect(masked).not.toContain('unknown');
    expect(masked).toContain('client_id=app');
  });
});

describe('redact', () => {
  it('keeps one short line and replaces token-like runs', () => {
    expect(redact('bad\n  token abcdefghijklmnopqrstuvwxyz0123 here')).toBe(
      'bad token [redacted] here',
    );
    expect(redact('x'.repeat(10) + ' ' + 'word '.repeat(40), 20)).toHaveLength(20);
  });
});
