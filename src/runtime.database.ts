import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { type Config, ConfigError, decodeKey, parseDatabaseUrl } from './config/config.ts';
import { openDatabase, runMigrations, type Db } from './db/client.ts';
import { createPgPool, describePg, pgProblem, runPgMigrations } from './db/pg/client.ts';
import { pgDatabase, sqliteDatabase, type SqlDatabase } from './db/sql/database.ts';
import { startWalCheckpointer } from './db/wal-checkpointer.ts';
import type { Logger } from './lib/logger.ts';

// Opens the database DATABASE_URL names, migrated: a SQLite file (`file:…` or nothing, the
// embedded default) or a PostgreSQL server (`postgres://…`, shared by every web and worker
// process). Everything else in the runtime takes the `SqlDatabase` and does not ask which.

export type OpenedDatabase = {
  database: SqlDatabase;
  /** SQLite only: the drizzle handle, for the few SQLite-only steps (start-up back-fills). */
  sqlite?: Db;
  /** Where a development encryption key is kept when ENCRYPTION_KEY is not set (null: none kept). */
  keyFile: string | null;
  /** Runs after a commit that erased personal data (SQLite: truncate the WAL that still holds it). */
  afterErasure: () => void;
  close: () => Promise<void>;
};

/** Names the process in pg_stat_activity (`rapport web`, `rapport worker`…). */
export type OpenDatabaseOptions = { applicationName?: string };

export async function openRuntimeDatabase(config: Config, logger: Logger, options: OpenDatabaseOptions = {}): Promise<OpenedDatabase> {
  const target = parseDatabaseUrl(config.DATABASE_URL);
  if (target.dialect === 'invalid') throw new ConfigError([`DATABASE_URL: ${target.reason}`]);
  if (target.dialect === 'postgres') {
    const pool = createPgPool({ url: target.url, max: config.DATABASE_POOL_MAX, applicationName: options.applicationName ?? 'rapport' });
    // A broken idle connection must not crash the process: the pool drops it and opens another.
    pool.on('error', (err) => logger.warn({ module: 'db', err: err.message }, 'PostgreSQL connection lost'));
    try {
      // Processes starting together migrate once (an advisory lock); expand-only migrations keep
      // an older version serving meanwhile (migrations/README.md).
      await runPgMigrations(pool);
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw new ConfigError([`DATABASE_URL: PostgreSQL at ${describePg(target.url)}: ${pgProblem(err)}`]);
    }
    return {
      database: pgDatabase(pool),
      // Every process must share one key: a file is only a development convenience on one machine.
      keyFile: resolve('data', 'encryption.key'),
      // Nothing to truncate: erased rows are gone from every table at commit, from the files after VACUUM (db/README.md).
      afterErasure: () => undefined,
      close: () => pool.end(),
    };
  }
  const path = target.path;
  const background = path !== ':memory:';
  const db = openDatabase(path, { synchronous: config.SQLITE_SYNCHRONOUS, checkpoints: background ? 'background' : 'inline' });
  const checkpointer = background ? startWalCheckpointer(path, logger) : undefined;
  runMigrations(db);
  return {
    database: sqliteDatabase(db),
    sqlite: db,
    keyFile: path === ':memory:' ? null : join(dirname(resolve(path)), 'encryption.key'),
    // Erased data must not stay readable in the WAL: truncate it, off the event loop when possible.
    afterErasure: () => (checkpointer ? checkpointer.truncate() : void db.$client.pragma('wal_checkpoint(TRUNCATE)')),
    close: async () => {
      // The checkpointer's connection goes first, so nothing holds the files once this resolves.
      await checkpointer?.stop();
      db.$client.close();
    },
  };
}

/**
 * ENCRYPTION_KEY is required in production. In development a key is generated once and kept
 * (beside the SQLite file, or in ./data for PostgreSQL), so `npm start` works with no set-up and
 * tokens stay readable across runs.
 */
export function resolveEncryptionKey(config: Config, keyFile: string | null): Buffer {
  if (config.ENCRYPTION_KEY) return decodeKey(config.ENCRYPTION_KEY)!;
  if (config.NODE_ENV === 'production') throw new ConfigError(['ENCRYPTION_KEY: required in production']);
  if (!keyFile) return randomBytes(32);
  if (existsSync(keyFile)) return decodeKey(readFileSync(keyFile, 'utf8').trim()) ?? failKey(keyFile);
  mkdirSync(dirname(keyFile), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(keyFile, key.toString('hex'), { mode: 0o600 });
  return key;
}

function failKey(file: string): never {
  throw new ConfigError([`ENCRYPTION_KEY: ${file} does not hold a 32-byte hex key`]);
}
