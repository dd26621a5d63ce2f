import { describe, expect, it } from 'vitest';
import { maskValue, maskValues } from './mask';

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
