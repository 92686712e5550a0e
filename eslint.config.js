// ESLint for the whole workspace: the recommended JavaScript and typescript-eslint rules, and the
// boundaries between the packages that the type checker cannot see.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default defineConfig(
  {
    ignores: [
      '**/node_modules/',
      '**/dist/',
      'templates/out/',
      'sync-service/data/',
      'sync-service/bench/.data/',
      'docs/',
      'tmp/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      // Resolves `./x.js` to `./x.ts` and `@mmo/…` through the workspaces' exports to their real files.
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      // `const { shape: _shape, ...rest } = x` drops a key on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: import.meta.dirname,
          zones: [
            {
              target: './shared',
              from: ['./templates', './addon', './sync-service', './test'],
              message: 'shared/ is the pure domain: it imports nothing of the other packages.',
            },
            {
              target: './sync-service/src/engine',
              from: './sync-service/src/sync',
              message:
                'The engine (pure consolidation) never imports the sync (runs, workers, store, publishing).',
            },
            {
              target: ['./shared', './addon', './sync-service', './test'],
              from: './templates/src/definitions',
              message: 'Take definitions through the registry: import from @mmo/templates.',
            },
          ],
        },
      ],
    },
  },
  {
    // sync-service takes forms by their declared roles (TEMPLATES and the registry's helpers:
    // expectedForms, planForms, …), never by a form's constant or an answer list.
    files: ['sync-service/src/**/*.ts'],
    // Tests beside the modules may name the forms they build fixtures from.
    ignores: ['sync-service/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@mmo/templates$',
              importNamePattern: '^(?!TEMPLATES$)[A-Z][A-Z0-9_]*$',
              message:
                'sync-service takes forms by their declared role (TEMPLATES, expectedForms, planForms, …), not by a form constant.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON answers whose shape the assertions themselves check.
    files: ['**/*.test.ts', '**/test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // The fake Apps Script hands out objects whose methods close over the fake that made them.
    files: ['addon/src/testing/fake-gas.ts'],
    rules: { '@typescript-eslint/no-this-alias': 'off' },
  },
);
