/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    // Type checking happens once, in the build (`tsc`); jest only transpiles.
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }],
  },
  moduleNameMapper: {
    '^berth$': '<rootDir>/lib/index.ts',
    '^berth/testing$': '<rootDir>/lib/testing/index.ts',
  },
  testTimeout: 120000,
};
