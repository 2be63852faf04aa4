import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import * as schema from './schema/index.ts';
import { SAFETY_NET_PAGES } from './wal-checkpointer.ts';

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), '../../migrations/sqlite');

type OpenOptions = {
  synchronous?: 'NORMAL' | 'FULL';
  /** 'background': a WalCheckpointer (wal-checkpointer.ts) does the checkpoints off this thread. */
  checkpoints?: 'inline' | 'background';
};

/**
 * The database holds customers' personal data: only Rapport's own user may read it. A directory
 * we create is 0700 and the file 0600 (like the encryption key); SQLite creates the -wal and
 * -shm files with the database file's permissions.
 */
function createPrivately(path: string): void {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  // Files created by earlier versions (0644) are tightened too; one we do not own is left as it is.
  for (const file of [path, `${path}-wal`, `${path}-shm`]) {
    try {
      if (existsSync(file)) chmodSync(file, 0o600);
    } catch {
      // EPERM: not ours to change (a read-only deployment); SQLite still opens it.
    }
  }
}

/** Opens (creating if needed) the SQLite file with the pragmas Rapport relies on. */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  if (path !== ':memory:') createPrivately(path);
  const sqlite = new Database(path);
  // WAL: readers never block the webhook writer. NORMAL survives a process crash (kill -9);
  // FULL also survives power loss, at the cost of an fsync per commit.
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  sqlite.pragma('foreign_keys = ON');
  // Deleted and overwritten content is zeroed, not left in free space or freed pages: an erased
  // customer must not be recoverable from the file. Every older copy of a row (each order
  // rewrites its customer's) would otherwise linger, so it is on for every write, not only
  // erasures; measured cost in src/db/README.md.
  sqlite.pragma('secure_delete = ON');
  sqlite.pragma('busy_timeout = 5000');
  // Fewer, larger checkpoints: each one fsyncs the database file. In the background mode this
  // connection checkpoints only if the checkpointer thread falls far behind.
  sqlite.pragma(`wal_autocheckpoint = ${options.checkpoints === 'background' ? SAFETY_NET_PAGES : 10_000}`);
  // 16 MB of page cache over SQLite's 2 MB default; past that, pages come from the OS's file
  // cache, which was as fast here (bench: admin, processing, backfill) and costs the process no
  // memory: a million-order import stays under 300 MB. No mmap for the same reason: mapped
  // pages count in the process's memory, and reads through it were no faster.
  sqlite.pragma('cache_size = -16384');
  sqlite.pragma('mmap_size = 0');
  // Every unit of a batch is a savepoint, and SQLite copies the pages a savepoint touches into a
  // journal: in memory rather than a temp file, processing went from ~1,400 to ~2,200 orders/s.
  sqlite.pragma('temp_store = MEMORY');
  return drizzle(sqlite, { schema }) as Db;
}

export function runMigrations(db: Db): void {
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
}
