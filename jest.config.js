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
    '^berth-k8s$': '<rootDir>/lib/index.ts',
    '^berth-k8s/testing$': '<rootDir>/lib/testing/index.ts',
    // json-schema-to-typescript requires Prettier, whose CommonJS entry starts a dynamic
    // import() at load, which jest's VM refuses. `berth import chart` never formats with it
    // (format: false), so a stub changes no output.
    '^prettier$': '<rootDir>/test/support/prettier-stub.js',
  },
  testTimeout: 120000,
  // Temporary folders go into one folder per run, removed at the end.
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
};
