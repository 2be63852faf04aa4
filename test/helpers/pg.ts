import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { createPgPool, PG_MIGRATIONS_FOLDER, runPgMigrations } from '../../src/db/pg/client.ts';

// PostgreSQL for tests: each test file gets its own database, copied from a template that is
// migrated once per set of migrations (CREATE DATABASE … TEMPLATE is a file copy: fast). Tests on
// PostgreSQL skip when no server answers, unless RAPPORT_REQUIRE_PG=1 (CI), where they fail.

/** The server's maintenance database; RAPPORT_PG_URL points elsewhere. */
export const PG_ADMIN_URL = process.env.RAPPORT_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const TEST_DB_PREFIX = 'rapport_t_';
const TEMPLATE_LOCK = 'rapport.test-template';

/** Whether tests on PostgreSQL run; throws (failing the file) when CI requires them and none answers. */
export const pgAvailable: boolean = await probe();

async function probe(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (err) {
    if (process.env.RAPPORT_REQUIRE_PG === '1')
      throw new Error(`RAPPORT_REQUIRE_PG=1 but PostgreSQL at ${new URL(PG_ADMIN_URL).host} is unreachable: ${(err as Error).message}`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** The URL of `database` on the test server. */
export function pgUrl(database: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Hash of every file under migrations/pg: a changed migration gets a new template. */
export function migrationsHash(folder = PG_MIGRATIONS_FOLDER): string {
  const hash = createHash('sha256');
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else hash.update(relative(folder, path)).update('\0').update(readFileSync(path)).update('\0');
    }
  };
  walk(folder);
  return hash.digest('hex').slice(0, 16);
}

export const templateName = (): string => `rapport_tpl_${migrationsHash()}`;

async function withAdmin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, application_name: 'rapport tests' });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const ident = (name: string): string => `"${name.replace(/"/g, '""')}"`;

/**
 * Creates the migrated template once. Parallel forks (and other checkouts sharing the server)
 * serialise on an advisory lock; a template is marked IS_TEMPLATE only once fully migrated, so
 * one left half-built by a crash is rebuilt.
 */
async function ensureTemplate(): Promise<string> {
  const name = templateName();
  await withAdmin(async (admin) => {
    await admin.query('SELECT pg_advisory_lock(hashtext($1))', [TEMPLATE_LOCK]);
    try {
      const found = await admin.query<{ datistemplate: boolean }>('SELECT datistemplate FROM pg_database WHERE datname = $1', [name]);
      if (found.rows[0]?.datistemplate) return;
      if (found.rows.length > 0) await admin.query(`DROP DATABASE ${ident(name)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${ident(name)}`);
      const pool = createPgPool({ url: pgUrl(name), max: 1, applicationName: 'rapport test template' });
      try {
        await runPgMigrations(pool);
      } finally {
        await pool.end();
      }
      await admin.query(`ALTER DATABASE ${ident(name)} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock(hashtext($1))', [TEMPLATE_LOCK]);
    }
  });
  return name;
}

export type TestDatabase = { name: string; url: string; drop(): Promise<void> };

/** A fresh, fully migrated database of its own; `drop()` it in afterAll. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = await ensureTemplate();
  // The creation time is in the name: the global setup removes databases a crashed run left.
  const name = `${TEST_DB_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`));
  return {
    name,
    url: pgUrl(name),
    drop: () =>
      withAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
      }),
  };
}

/** An empty database (no migrations), for tests of migrating itself. */
export async function createEmptyDatabase(): Promise<TestDatabase> {
  const name = `${TEST_DB_PREFIX}${Date.now()}_${randomBytes(4).toString('hex')}`;
  await withAdmin((admin) => admin.query(`CREATE DATABASE ${ident(name)}`));
  return {
    name,
    url: pgUrl(name),
    drop: () =>
      withAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
      }),
  };
}

/** Drops test databases older than `maxAgeMs` (left by runs that crashed before their afterAll). */
export async function dropStaleTestDatabases(maxAgeMs = 3_600_000, now = Date.now()): Promise<string[]> {
  return withAdmin(async (admin) => {
    const { rows } = await admin.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
      `${TEST_DB_PREFIX}%`,
    ]);
    const stale = rows
      .map((r) => r.datname)
      .filter((n) => {
        const created = Number(/^rapport_t_(\d+)_/.exec(n)?.[1]);
        return Number.isFinite(created) && now - created > maxAgeMs;
      });
    for (const n of stale) await admin.query(`DROP DATABASE IF EXISTS ${ident(n)} WITH (FORCE)`);
    return stale;
  });
}
