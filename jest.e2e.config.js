/** Layer 4: end-to-end tests in the Microsoft 365 Agents Playground, driven in Debian's Chromium. */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/e2e'],
  testMatch: ['**/*.e2e.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: { '^strip-bom$': '<rootDir>/test/support/stripBom.js' },
  testTimeout: 180000,
};
