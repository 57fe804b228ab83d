// Lint rules. The workflows/ override is the sandbox guard: workflow code runs in Temporal's
// deterministic isolate, so Node built-ins and side-effecting app modules are errors there.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

const nodeBuiltins = builtinModules.filter((m) => !m.startsWith('_')).flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.tools/**', 'db/migrations/**', 'coverage/**', 'dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: {
        projectService: { allowDefaultProject: ['*.js', '.ci/*.mjs', 'scripts/*.mjs'] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': ['error', { allow: ['warn', 'error'] }],
    },
  },
  {
    // The style guide's size limits (../shared/style.md §14): one idea per file, small functions.
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    rules: { 'max-lines': ['error', { max: 300 }] },
  },
  {
    // Data-only files: long because they list data, not logic. Name pools the generator picks
    // from, and the emulator's chart of accounts and default lists of a new company.
    files: ['db/bpro-generator/names.ts', 'qbo-emulator/seed-data.ts'],
    rules: { 'max-lines': 'off' },
  },
  {
    files: ['activities/**/*.ts', 'workflows/**/*.ts', 'api/**/*.ts', 'db/queries/**/*.ts'],
    rules: {
      'max-lines-per-function': ['error', { max: 80, skipBlankLines: true, skipComments: true }],
    },
  },
  {
    // Command-line entry points print to the terminal on purpose.
    files: [
      'scripts/**',
      'db/migrate-cli.ts',
      'db/bpro-generator/cli.ts',
      '.ci/**',
      'qbo-emulator/main.ts',
      'qbo-emulator/bench.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: nodeBuiltins.map((name) => ({
            name,
            message: 'Workflow code runs in the deterministic sandbox: no Node built-ins (use an activity).',
          })),
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message:
                'Workflows may import activity *types* only (import type); call them through proxyActivities.',
            },
            {
              group: ['**/db', '**/db/**', '**/api', '**/api/**', '**/worker', '**/worker/**'],
              message: 'Workflows must not import db/, api/ or worker/: side effects belong in activities.',
            },
            {
              group: [
                'drizzle-orm',
                'drizzle-orm/**',
                'postgres',
                'express',
                'intuit-oauth',
                '@temporalio/client',
                '@temporalio/worker',
                '@temporalio/activity',
              ],
              message: 'Not allowed in the workflow sandbox.',
            },
          ],
        },
      ],
    },
  },
  prettier,
);
