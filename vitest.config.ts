import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // PostgreSQL tests get a database per file (test/helpers/pg.ts); this sweeps crashed runs' leftovers.
    globalSetup: ['test/helpers/pg.global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Integration tests open real SQLite files and servers; two cores, two forks.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2 } },
    // Every admin and storefront response is checked against its declared schema (never in production).
    env: { RAPPORT_CHECK_RESPONSES: '1' },
  },
});
