import { join } from 'node:path';
import { createTestDatabase } from './pg.ts';

// Which database the runtime under test runs on. The suite runs twice in CI (vitest.config.ts
// projects): once on SQLite files, once with RAPPORT_TEST_DATABASE=pg, where every runtime a test
// starts gets a PostgreSQL database of its own (copied from the migrated template: ./pg.ts).

export type TestDialect = 'sqlite' | 'pg';
export const TEST_DATABASE: TestDialect = process.env.RAPPORT_TEST_DATABASE === 'pg' ? 'pg' : 'sqlite';
/** For the few tests about SQLite itself (files, WAL, pragmas, the one-worker lock): `it.skipIf(!onSqlite)`. */
export const onSqlite = TEST_DATABASE === 'sqlite';

export type TestDatabaseUrl = { url: string; drop(): Promise<void> };

/** A DATABASE_URL for one runtime: a SQLite file in `dir`, or a fresh PostgreSQL database. */
export async function testDatabaseUrl(dir: string, file = 'rapport.sqlite'): Promise<TestDatabaseUrl> {
  if (TEST_DATABASE === 'pg') {
    const db = await createTestDatabase();
    return { url: db.url, drop: () => db.drop() };
  }
  return { url: `file:${join(dir, file)}`, drop: async () => undefined };
}
