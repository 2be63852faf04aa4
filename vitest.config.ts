import { defineConfig, type TestProjectInlineConfiguration, type ViteUserConfig } from 'vitest/config';
import pg from 'pg';

// The suite runs in two projects: `sqlite` (every test; the runtime on SQLite files) and `pg` (the
// tests that start a runtime, again, with RAPPORT_TEST_DATABASE=pg: each runtime on a PostgreSQL
// database of its own, test/helpers/database.ts). Tests already written for both databases
// (test/helpers/stores.ts STORES) and tests about SQLite itself run in the first only. Without a
// PostgreSQL server the `pg` project is left out, saying so, unless RAPPORT_REQUIRE_PG=1 (CI).

/** Run in the `sqlite` project only: they cover both databases themselves, or SQLite's own files and locks. */
const SQLITE_PROJECT_ONLY = [
  // Checks the npm Chromium fallback, which unpacks into one temp path: two projects unpacking it at
  // once fail with ETXTBSY, and the database plays no part in it.
  'test/e2e/browser.test.ts',
  // Both databases already, through STORES or createTestDatabase.
  'test/integration/analytics-dialect.test.ts',
  'test/integration/consent.property.test.ts',
  'test/integration/event-queue.test.ts',
  'test/integration/messages-repo.test.ts',
  'test/integration/messages-compose.test.ts',
  'test/integration/campaigns-send.test.ts',
  'test/integration/messages-consent.property.test.ts',
  'test/integration/segment-query.property.test.ts',
  'test/integration/segment-membership.test.ts',
  'test/integration/segment-membership-rescore.test.ts',
  'test/integration/points-campaigns.test.ts',
  'test/integration/pg-migrations.test.ts',
  'test/integration/pg-store.test.ts',
  'test/integration/store-batch.test.ts',
  'test/integration/store-repos.test.ts',
  'test/integration/cli-migrate.test.ts',
  // Starts its own processes on a PostgreSQL database of its own (and the single-process reference on SQLite).
  'test/integration/cluster.test.ts',
  // Needs no database at all (the customer-base models on a transaction log).
  'test/integration/cli-insights.test.ts',
  // SQLite itself: file modes, bytes on disk, WAL, triggers' query plans, the shared connection.
  'test/integration/database-files.test.ts',
  'test/integration/erasure-on-disk.test.ts',
  'test/integration/inbox-accept-open-unit.test.ts',
  'test/integration/inbox-counts.test.ts',
  'test/integration/sqlite-migrations-layout.test.ts',
];

const ADMIN_URL = process.env.RAPPORT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

async function pgReachable(): Promise<boolean> {
  if (process.env.RAPPORT_REQUIRE_PG === '1') return true; // then an unreachable server fails the run
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    process.stderr.write('PostgreSQL is not reachable: the `pg` half of the suite is skipped (CI runs it).\n');
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

export default defineConfig(async (): Promise<ViteUserConfig> => {
  const withPg = process.env.RAPPORT_TEST_DATABASE !== 'sqlite' && (await pgReachable());
  return {
    test: {
      // PostgreSQL tests get a database per file or runtime (test/helpers/pg.ts); this sweeps crashed runs' leftovers.
      globalSetup: ['test/helpers/pg.global-setup.ts'],
      testTimeout: 30_000,
      // expect.poll waits for what a browser or another process does: 1 s (the default) is short on
      // two loaded cores, where the PostgreSQL half runs beside the SQLite one.
      expect: { poll: { timeout: 10_000 } },
      hookTimeout: 30_000,
      // Integration tests open real databases and servers; two cores, two forks.
      pool: 'forks' as const,
      poolOptions: { forks: { maxForks: 2 } },
      // Every admin and storefront response is checked against its declared schema (never in production).
      env: { RAPPORT_CHECK_RESPONSES: '1' },
      projects: [
        { extends: true, test: { name: 'sqlite', include: ['test/**/*.test.ts'] } },
        ...(withPg
          ? ([
              {
                extends: true,
                test: {
                  name: 'pg',
                  include: ['test/integration/**/*.test.ts', 'test/e2e/**/*.test.ts'],
                  exclude: SQLITE_PROJECT_ONLY,
                  env: { RAPPORT_CHECK_RESPONSES: '1', RAPPORT_TEST_DATABASE: 'pg' },
                },
              },
            ] satisfies TestProjectInlineConfiguration[])
          : []),
      ],
    },
  };
});
