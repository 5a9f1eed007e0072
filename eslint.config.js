// ESLint flat config for the whole repo (npx eslint .). Formatting is Prettier's job: eslint-config-prettier, last,
// switches off every rule that would fight it.
//
// Type-aware: TypeScript files are linted with type information through the project service (tsconfig.json for
// packages, apps/api, tests and bench; apps/web/tsconfig.json for the dashboard). Building those two programs is
// most of the run's cost; the rules that need them are the ones that catch real bugs (floating and misused promises,
// awaiting a non-promise, unbound methods). The no-unsafe-* family is off: it mostly flags `any` that comes from
// JSON at the edges (GraphQL responses in tests, page.evaluate), and costs about a fifth more run time.
import { defineConfig, globalIgnores } from 'eslint/config';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';
import globals from 'globals';

export default defineConfig(
  globalIgnores([
    '**/node_modules/',
    '**/.next/',
    'apps/web/out/',
    'apps/web/next-env.d.ts', // written by Next
    'apps/web/src/gql/', // graphql-codegen output
    'packages/client/src/gql/', // graphql-codegen output
    'drizzle/meta/',
    'bench/raw/',
    'data/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
      globals: { ...globals.node },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      eqeqeq: ['error', 'always', { null: 'ignore' }],
      'no-unused-vars': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          args: 'after-used',
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
          ignoreRestSiblings: true,
        },
      ],
      '@typescript-eslint/no-explicit-any': 'warn',
      '@typescript-eslint/no-floating-promises': 'error',
      // An async onClick/onSubmit is how React 19 code is written; promises passed where a callback's return is
      // ignored elsewhere (event emitters, timers, Array#forEach) are still errors.
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      // Passing on a caught or abort reason as it came is fine; creating a rejection from a non-Error is not.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // An async method that implements an async interface without awaiting is not a bug.
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JavaScript (worker entries, next.config.mjs, .ci, this file): no type information.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [tseslint.configs.disableTypeChecked],
  },
  {
    files: ['tests/**', 'bench/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    extends: [reactHooks.configs.flat['recommended-latest']],
    languageOptions: { globals: { ...globals.browser } },
  },
  prettier,
);
