/** Layers 1–3: unit, dialog transcript and protocol tests. No system packages needed. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/test/e2e/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: { '^strip-bom$': '<rootDir>/test/support/stripBom.js' },
  testTimeout: 30000,
  // `npm start` runs the build in dist/: bring it up to date before the tests that start Baken.
  globalSetup: '<rootDir>/test/support/ensureBuild.cjs',
};
