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

// Dependencies point one way (README, "Architecture"): libs/domain imports nothing of ours;
// workflows/ import libs/domain and their own contracts; libs/* never import apps/*; apps never
// import other apps. Imports are relative, so each rule matches the folder a path goes through.
// Type imports count too: a contract that points the wrong way is still a wrong dependency.
const ALL_LIBS = 'catalog|config|devstack|domain|mail|persistence|registry|reports|security|temporal';
const boundary = (regex, message) => ({ regex, message });
const NO_APPS = boundary(
  '(^|/)apps/',
  'libs/* and workflows/ never import apps/*: move the shared type into a contract (workflows/*.messages.ts or *.contracts.ts) or a lib.',
);
const NO_WORKFLOWS = boundary(
  '(^|/)workflows/',
  'This lib sits below the workflows: only libs/temporal and libs/mail may use workflow contracts.',
);
const ONLY_DOMAIN = boundary(
  `(^|/)(${ALL_LIBS.replace('domain|', '')})/src`,
  'Workflow code imports only libs/domain (pure rules) and its own contracts.',
);
const NO_LIBS = boundary(
  `(^|/)(${ALL_LIBS.replace('|domain', '')})/src|(^|/)(libs|apps|workflows)/`,
  'libs/domain imports nothing of ours.',
);
const otherApps = (self) =>
  boundary(
    `(^|/)(${['api', 'worker', 'web'].filter((a) => a !== self).join('|')})/src`,
    'Apps never import other apps: share through libs/* or the workflow contracts.',
  );
const restrict = (files, patterns, ignores = []) => ({
  files,
  ignores: ['**/*.spec.ts', ...ignores],
  rules: {
    'no-restricted-imports': 'off',
    '@typescript-eslint/no-restricted-imports': ['error', { patterns }],
  },
});

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

  // Workflow code runs in Temporal's deterministic sandbox: no Node built-ins or I/O libraries
  // (`import type` of those stays allowed, erased at compile time); and it depends on libs/domain only.
  restrict(
    ['workflows/**/*.ts'],
    [
      {
        group: WORKFLOW_BANNED_MODULES,
        allowTypeImports: true,
        message: 'Workflow code runs in the Temporal sandbox: move I/O to an activity (import type is fine).',
      },
      NO_APPS,
      ONLY_DOMAIN,
    ],
  ),
  restrict(['libs/domain/**/*.ts'], [NO_LIBS]),
  restrict(['libs/**/*.ts'], [NO_APPS, NO_WORKFLOWS], ['libs/domain/**', 'libs/temporal/**', 'libs/mail/**']),
  restrict(['libs/temporal/**/*.ts', 'libs/mail/**/*.ts'], [NO_APPS]),
  restrict(['apps/api/**/*.ts'], [otherApps('api')]),
  restrict(['apps/worker/**/*.ts'], [otherApps('worker')]),
  restrict(['apps/web/**/*.ts', 'apps/web/**/*.tsx'], [otherApps('web')]),

  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: TEST_RELAXED_RULES,
  },
  {
    // Integration and fault tests count working days as the stack does (public holidays included).
    files: ['test/**/*.ts'],
    ignores: ['test/support/calendar.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='StateAgencyCalendar']",
          message:
            'A bare StateAgencyCalendar knows weekends only: use stackCalendar() from test/support/calendar.ts, the calendar the stack counts with.',
        },
      ],
    },
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
