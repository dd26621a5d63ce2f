import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-sdk',
      'dist-firefox',
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
  {
    // Only the browser adapters speak to the browser through the polyfill (docs/architecture.md,
    // "Layers").
    ignores: ['src/browser/**'],
    rules: { 'no-restricted-imports': ['error', { paths: ['webextension-polyfill'] }] },
  },
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
