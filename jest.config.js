// ESM TypeScript through ts-jest; type checking is done once by `tsc --noEmit` in `npm test`.
const transform = {
  '^.+\\.ts$': ['ts-jest', { useESM: true }],
};
const common = {
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  testEnvironment: 'node',
  transform,
};

export default {
  // Integration tests run real clusters; each is bounded here and by its own waits.
  testTimeout: 120000,
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/src/**/*.test.ts'] },
    // Integration tests run real etcd clusters; they run one file at a time (see scripts/test.sh).
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/test/integration/*.itest.ts'] },
  ],
};
