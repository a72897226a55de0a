/**
 * The end-to-end tests (test/e2e/*.e2e.ts): slow (they run npm), so `jest` alone skips them;
 * `npm run test:e2e` runs them (a step of .ci/run).
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.ts'],
  testTimeout: 600000,
};
