import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import { readJournal } from '../migration-journal.ts';
import * as schema from './schema.ts';
import { isoInstant } from './twin.ts';

export const PG_MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../../migrations/pg');

export type PgDb = NodePgDatabase<typeof schema> & { $client: pg.Pool };

export type PgPoolOptions = {
  url: string;
  /** DATABASE_POOL_MAX: connections this process may hold. */
  max: number;
  /** Shown in pg_stat_activity, so an operator can tell web, worker and CLI connections apart. */
  applicationName?: string;
  /** A runaway query is cancelled by the server after this long. */
  statementTimeoutMs?: number;
};

const OID = { int8: 20, numeric: 1700, timestamptz: 1184 } as const;

/** int8 (bigint: money in minor units, ids, count(*)) as a number, refusing to lose precision. */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`bigint ${value} is beyond Number.MAX_SAFE_INTEGER; read it as text`);
  return n;
}

/**
 * Type parsers for this pool only (pg's global parsers stay untouched for other libraries):
 * int8 → number (throws past 2^53), timestamptz → ISO-8601 with milliseconds and Z (the form
 * SQLite stores), numeric → string (exact; callers decide). Drizzle's own queries parse
 * timestamptz through the instant column (./twin.ts) instead: its driver bypasses these.
 */
function typeParsers(): pg.CustomTypesConfig {
  const overrides = new pg.TypeOverrides();
  overrides.setTypeParser(OID.int8, 'text', parseInt8);
  overrides.setTypeParser(OID.timestamptz, 'text', isoInstant);
  overrides.setTypeParser(OID.numeric, 'text', (v: string) => v);
  return overrides;
}

export function createPgPool(o: PgPoolOptions): pg.Pool {
  return new pg.Pool({
    connectionString: o.url,
    max: o.max,
    application_name: o.applicationName ?? 'rapport',
    statement_timeout: o.statementTimeoutMs ?? 30_000,
    // Sessions in UTC: now()::text, date_trunc and friends agree with the ISO instants we store.
    options: '-c TimeZone=UTC',
    connectionTimeoutMillis: 10_000,
    types: typeParsers(),
  });
}

export function openPgDatabase(o: PgPoolOptions): PgDb {
  return drizzle(createPgPool(o), { schema }) as PgDb;
}

/** Taken while migrating, so two processes starting at once never apply a migration twice. */
const MIGRATION_LOCK = 'rapport.migrate';

/**
 * Applies the pending migrations of migrations/pg and returns their tags. Bookkeeping is drizzle's
 * (`drizzle.__drizzle_migrations`: hash and journal timestamp), so drizzle's migrator and ours
 * agree on what was applied. Unlike drizzle's migrator (one transaction for everything), each
 * migration commits on its own, and one containing CONCURRENTLY (CREATE INDEX CONCURRENTLY, the
 * expand step of migrations/README.md) runs statement by statement outside a transaction.
 */
export async function runPgMigrations(pool: pg.Pool, folder = PG_MIGRATIONS_FOLDER): Promise<string[]> {
  const migrations = readMigrationFiles({ migrationsFolder: folder });
  const tags = new Map(readJournal(folder).map((e) => [e.when, e.tag]));
  const client = await pool.connect();
  let broken = false;
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [MIGRATION_LOCK]);
    await client.query('CREATE SCHEMA IF NOT EXISTS drizzle');
    await client.query(
      'CREATE TABLE IF NOT EXISTS drizzle.__drizzle_migrations (id SERIAL PRIMARY KEY, hash text NOT NULL, created_at bigint)',
    );
    const last = await client.query<{ created_at: string | number | null }>(
      'SELECT max(created_at) AS created_at FROM drizzle.__drizzle_migrations',
    );
    const lastMillis = Number(last.rows[0]?.created_at ?? -1);
    const applied: string[] = [];
    for (const m of migrations.filter((x) => x.folderMillis > lastMillis)) {
      const concurrent = m.sql.some((s) => /\bCONCURRENTLY\b/i.test(s));
      if (!concurrent) await client.query('BEGIN');
      try {
        for (const stmt of m.sql) if (stmt.trim()) await client.query(stmt);
        await client.query('INSERT INTO drizzle.__drizzle_migrations (hash, created_at) VALUES ($1, $2)', [m.hash, m.folderMillis]);
        if (!concurrent) await client.query('COMMIT');
      } catch (err) {
        if (!concurrent) await client.query('ROLLBACK');
        throw new Error(`migration ${tags.get(m.folderMillis) ?? m.folderMillis} failed: ${(err as Error).message}`, { cause: err });
      }
      applied.push(tags.get(m.folderMillis) ?? String(m.folderMillis));
    }
    return applied;
  } finally {
    // A connection that cannot unlock is closed instead: the server then drops its lock.
    await client.query('SELECT pg_advisory_unlock(hashtext($1))', [MIGRATION_LOCK]).catch(() => {
      broken = true;
    });
    client.release(broken);
  }
}

/** host:port/database, never the user or password. */
export function describePg(url: string): string {
  const u = new URL(url);
  return `${u.hostname || u.searchParams.get('host') || 'localhost'}:${u.port || '5432'}${u.pathname}`;
}

/** Why a connection or query failed, in words an operator acts on (never the URL's credentials). */
export function pgProblem(err: unknown): string {
  const e = err as { code?: string; message?: string };
  if (e.code === 'ECONNREFUSED') return 'connection refused (is the server running?)';
  if (e.code === 'ENOTFOUND') return 'unknown host';
  if (e.code === '3D000') return 'the database does not exist (create it first: createdb)';
  if (e.code === '28P01' || e.code === '28000') return 'authentication failed';
  return e.message ?? String(err);
}
