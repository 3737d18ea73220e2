// `npm run test:faults`: the fault-injection suite (test/reliability/*.fault-spec.ts).
// Each file starts a stack of its own (PostgreSQL, Temporal, SMTP, worker processes)
// and kills, stops or freezes parts of it, so it needs no global setup and never
// touches the stack of `npm test`. CI runs it after `npm test` (.ci/run, docs/reliability.md).
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] };

/** @type {import('jest').Config} */
module.exports = {
  testTimeout: 900_000,
  reporters: ['default', '<rootDir>/test/summary-reporter.js'],
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['<rootDir>/test/reliability/**/*.fault-spec.ts'],
};
