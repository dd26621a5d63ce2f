import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { API_URL_PLACEHOLDER, COPY_FORMATS } from './copy-formats';

/** What a shell makes of the curl line: the words curl would get, with `curl` swapped for printf. */
const wordsOf = (line: string) =>
  execFileSync('sh', ['-c', line.replace(/^curl /, `printf '%s\\n' `)], { encoding: 'utf8' })
    .trimEnd()
    .split('\n');

describe('the curl copy', () => {
  it.each([
    ['a plain token', 'eyJhbGciOi.abc-_~+/='],
    ['a quote and a command', "abc'; echo pwned; echo '"],
    ['$() and backticks', '$(id)`id`'],
  ])('is one header word however the token reads: %s', (_name, token) => {
    expect(wordsOf(COPY_FORMATS.curl(token, "https://api.example/it's/"))).toEqual([
      '-H',
      `Authorization: Bearer ${token}`,
      "https://api.example/it's/",
    ]);
  });

  it('calls a placeholder that says what to replace when there is no API prefix', () => {
    expect(wordsOf(COPY_FORMATS.curl('t')).at(-1)).toBe(API_URL_PLACEHOLDER);
  });
});
