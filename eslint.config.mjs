// ESLint flat config: type-aware typescript-eslint, Temporal workflow sandbox guard, Prettier last.
import { defineConfig, globalIgnores } from 'eslint/config';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier/flat';

// Modules a Temporal workflow must not load at runtime (non-deterministic or I/O).
// Gitignore-style groups; the leading "/" anchors them so relative imports such as
// '../libs/x/path' are not caught, while subpaths such as 'fs/promises' are.
const WORKFLOW_BANNED_MODULES = [
  'node:*',
  '/fs',
  '/path',
  '/os',
  '/http',
  '/https',
  '/net',
  '/crypto',
  '/child_process',
  '/pg',
  '/typeorm',
  '/nodemailer',
  '@nestjs/*',
];

// Rules relaxed in tests (mocks and matchers are loosely typed).
const TEST_RELAXED_RULES = Object.fromEntries(
  [
    '@typescript-eslint/no-unsafe-argument',
    '@typescript-eslint/no-unsafe-assignment',
    '@typescript-eslint/no-unsafe-call',
    '@typescript-eslint/no-unsafe-declaration-merging',
    '@typescript-eslint/no-unsafe-enum-comparison',
    '@typescript-eslint/no-unsafe-function-type',
    '@typescript-eslint/no-unsafe-member-access',
    '@typescript-eslint/no-unsafe-return',
    '@typescript-eslint/no-unsafe-unary-minus',
    '@typescript-eslint/unbound-method',
  ].map((rule) => [rule, 'off']),
);

export default defineConfig(
  globalIgnores([
    'dist/',
    'apps/web/dist/',
    'node_modules/',
    '.tools/',
    '.data/',
    'coverage/',
    'test-output/',
    // Root-level JS configs (jest.config.js, this file) and plain-JS scripts.
    '*.js',
    '*.mjs',
    '*.cjs',
    'scripts/*.mjs',
  ]),

  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      eqeqeq: 'error',
      curly: 'error',
    },
  },

  // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins or I/O libraries.
  // `import type` stays allowed (erased at compile time).
  {
    files: ['workflows/**/*.ts'],
    ignores: ['workflows/**/*.spec.ts'],
    rules: {
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: WORKFLOW_BANNED_MODULES,
              allowTypeImports: true,
              message: 'Workflow code runs in the Temporal sandbox: move I/O to an activity (import type is fine).',
            },
          ],
        },
      ],
    },
  },

  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: TEST_RELAXED_RULES,
  },

  // Must stay last: turns off stylistic rules that conflict with Prettier.
  prettier,

  // eslint-config-prettier switches `curly` off; with "all" it never conflicts with Prettier, so re-enable it.
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      curly: ['error', 'all'],
    },
  },
);
