/**
 * Fast suites (config, stacks, policies, tools with mocked clients) and slow ones (terraform validate,
 * the local-emulator deploy) are separate jest projects, so `npm run test:unit` can run the fast ones
 * alone. ts-jest compiles in isolated-modules mode (no type check: `npm run typecheck` does it).
 */
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }];
const common = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': tsJest },
  setupFilesAfterEnv: ['<rootDir>/__tests__/helpers/setup.ts'],
  globalSetup: '<rootDir>/__tests__/helpers/global-setup.js',
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  reporters: ['default', '<rootDir>/__tests__/helpers/suite-times-reporter.js'],
  testSequencer: '<rootDir>/__tests__/helpers/sequencer.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/__tests__/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.slow\\.test\\.ts$', '\\.e2e\\.test\\.ts$'],
    },
    {
      ...common,
      displayName: 'terraform',
      testMatch: ['<rootDir>/__tests__/**/*.slow.test.ts'],
    },
    {
      ...common,
      displayName: 'emulator',
      testMatch: ['<rootDir>/__tests__/**/*.e2e.test.ts'],
    },
  ],
};
