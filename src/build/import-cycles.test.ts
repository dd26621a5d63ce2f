import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === '__fixtures__' ? [] : sourceFiles(path);
    return /\.tsx?$/.test(name) && !name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The source files a file imports, type-only imports too: a cycle of types is still a knot. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:from|import)\s+'(\.[^'?]+)/g)].map((m) => m[1] ?? '');
  return specifiers.flatMap((spec) => {
    const base = resolve(dirname(file), spec);
    const found = [base, `${base}.ts`, `${base}.tsx`].find((p) => {
      try {
        return statSync(p).isFile();
      } catch {
        return false;
      }
    });
    return found ? [found] : [];
  });
}

/** Every cycle's files, found by a depth-first walk. */
function cycles(files: readonly string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const done = new Set<string>();
  const walk = (file: string, path: string[]) => {
    const at = path.indexOf(file);
    if (at >= 0) {
      found.push(path.slice(at).map((p) => relative(SRC, p)));
      return;
    }
    if (done.has(file)) return;
    for (const next of graph.get(file) ?? []) walk(next, [...path, file]);
    done.add(file);
  };
  for (const file of files) walk(file, []);
  return found;
}

describe('the import graph of src/', () => {
  it('has no cycle', () => {
    expect(cycles(sourceFiles(SRC))).toEqual([]);
  });

  it('finds a cycle when there is one', () => {
    const dir = join(SRC, 'build', '__fixtures__', 'cycle');
    expect(cycles([join(dir, 'a.ts'), join(dir, 'b.ts')])).toEqual([
      ['build/__fixtures__/cycle/a.ts', 'build/__fixtures__/cycle/b.ts'],
    ]);
  });
});
