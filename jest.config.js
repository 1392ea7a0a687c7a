/** Tests are transpiled by swc; `npm run typecheck` type-checks them separately. */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    '^.+\\.(t|j)sx?$': [
      '@swc/jest',
      {
        jsc: {
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic' } },
          target: 'es2022',
        },
        module: { type: 'commonjs' },
      },
    ],
  },
  // uuid 12+ ships ESM only; let swc turn it into CommonJS for Jest.
  // The published code imports its own files as `./x.js` (Node's ESM rule); the source is `./x.ts`.
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transformIgnorePatterns: ['/node_modules/(?!(uuid|@redux-devtools)/)'],
  testTimeout: 20000,
  setupFilesAfterEnv: ['<rootDir>/__tests__/setup/failOnReduxWarnings.ts'],
};
