import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zip } from './zip';

const files = [
  { name: 'manifest.json', data: Buffer.from('{"name":"Token Keeper"}') },
  { name: 'assets/ü.js', data: Buffer.from('x'.repeat(10_000)) },
  { name: 'empty.txt', data: Buffer.alloc(0) },
];

/** What Python's own zipfile module reads back: names, sizes and contents, after its CRC check. */
function readBack(archive: Buffer): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'zip-test-'));
  try {
    writeFileSync(join(dir, 'a.zip'), archive);
    const script = [
      'import json, sys, zipfile',
      'z = zipfile.ZipFile(sys.argv[1])',
      'assert z.testzip() is None',
      'print(json.dumps({i.filename: z.read(i).decode() for i in z.infolist()}))',
    ].join('\n');
    return JSON.parse(
      execFileSync('python3', ['-c', script, join(dir, 'a.zip')], { encoding: 'utf8' }),
    ) as Record<string, string>;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('zip', () => {
  it('writes an archive that another implementation reads back whole', () => {
    expect(readBack(zip(files))).toEqual({
      'assets/ü.js': 'x'.repeat(10_000),
      'empty.txt': '',
      'manifest.json': '{"name":"Token Keeper"}',
    });
  });

  it('gives the same bytes for the same files in any order', () => {
    expect(zip([...files].reverse()).equals(zip(files))).toBe(true);
    expect(zip(files).equals(zip(files.slice(1)))).toBe(false);
  });
});
