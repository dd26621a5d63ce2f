import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { noRawHtml } from './no-raw-html';

type Transform = (
  this: { error(message: string): never },
  code: string,
  id: string,
) => { code: string } | null;

const transform = noRawHtml().transform as Transform;
const context = {
  error(message: string): never {
    throw new Error(message);
  },
};
const reactDom = join(
  dirname(createRequire(import.meta.url).resolve('react-dom/package.json')),
  'cjs/react-dom-client.production.js',
);

describe('noRawHtml', () => {
  it('replaces both innerHTML writes of the React DOM the lock file pins', async () => {
    const source = await readFile(reactDom, 'utf8');
    const result = transform.call(context, source, reactDom);
    expect(result?.code).not.toContain('domElement.innerHTML = key');
    expect(result?.code.split('renders no raw HTML').length).toBe(3);
  });

  it('fails the build when React DOM no longer looks as expected', () => {
    expect(() => transform.call(context, 'nothing here', reactDom)).toThrow(
      'expected 2 dangerouslySetInnerHTML writes, found 0',
    );
  });

  it('leaves every other module alone', () => {
    expect(transform.call(context, '(domElement.innerHTML = key);', '/src/x.ts')).toBeNull();
  });
});
