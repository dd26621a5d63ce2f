import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** Folders that are contexts of their own (the worker, the pages, the page-side scripts). */
const CONTEXTS = ['background', 'popup', 'options', 'consent', 'content', 'sdk'].map(
  (folder) => `**/${folder}/*`,
);

/**
 * Import rules per layer. Everywhere: only `src/browser/` speaks to the browser through the
 * polyfill, and production code never imports the test fakes or fixtures.
 */
function layers(list) {
  return list.map(({ files, banned, why, polyfill = false }) => ({
    files,
    ignores: ['**/*.test.ts', '**/__fixtures__/**', 'src/browser/fakes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: polyfill
            ? []
            : [{ name: 'webextension-polyfill', message: 'Only src/browser/ uses the polyfill.' }],
          patterns: [
            ...(banned.length > 0 ? [{ group: banned, message: why }] : []),
            {
              group: ['**/fakes', '**/__fixtures__/*'],
              message: 'Fakes and fixtures are for tests only.',
            },
          ],
        },
      ],
    },
  }));
}

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-sdk',
      'dist-firefox',
      'dist-cli',
      'demo-screenshots',
      'coverage',
      'node_modules',
      'test-results',
      'playwright-report',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_' },
      ],
      // Validators return `undefined` after recording a problem; that is a value here, not void.
      '@typescript-eslint/no-confusing-void-expression': 'off',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // The build takes raw HTML out of React DOM (src/build/no-raw-html.ts); this says why.
      'no-restricted-syntax': [
        'error',
        {
          selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']",
          message: 'Token Keeper renders no raw HTML.',
        },
      ],
    },
  },
  // Which layer may import which (docs/architecture.md, "Layers"). One block per folder, because
  // a later block's `no-restricted-imports` replaces an earlier one's for the same file.
  ...layers([
    // The core is pure: it imports only itself.
    {
      files: ['src/core/**'],
      banned: [...CONTEXTS, '**/shared/*', '**/browser/*', '**/ui/*', '**/build/*'],
      why: 'The core imports only the core.',
    },
    // The contract between contexts depends on the core alone, never on a context.
    {
      files: ['src/shared/**'],
      banned: [...CONTEXTS, '**/browser/*', '**/ui/*'],
      why: 'shared/ imports only core/.',
    },
    // Pages and page-side scripts talk to the worker by messages, never by importing it.
    {
      files: [
        'src/popup/**',
        'src/options/**',
        'src/consent/**',
        'src/content/**',
        'src/sdk/**',
        'src/ui/**',
      ],
      banned: ['**/background/*'],
      why: 'A page speaks to the worker through shared/protocol.ts, never by importing it.',
    },
    { files: ['src/background/**', 'src/build/**'], banned: [], why: '' },
    { files: ['src/browser/**'], banned: [], why: '', polyfill: true },
  ]),
  {
    // The core is pure: no browser API, no network, no clock. `now` is passed in.
    files: ['src/core/**/*.ts'],
    ignores: ['src/core/**/*.test.ts', 'src/core/__fixtures__/**'],
    rules: {
      'no-restricted-globals': [
        'error',
        'chrome',
        'browser',
        'fetch',
        'window',
        'document',
        'localStorage',
        'setTimeout',
        'setInterval',
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Date'][property.name='now']",
          message: 'Pass `now` in.',
        },
        { selector: "NewExpression[callee.name='Date']", message: 'Pass `now` in.' },
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Pass `random` in.',
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'e2e/**', 'scripts/**'],
    // Playwright fixtures that depend on nothing are written `async ({}, use) =>`.
    rules: {
      'no-console': 'off',
      'no-empty-pattern': ['error', { allowObjectPatternsAsParameters: true }],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
);
