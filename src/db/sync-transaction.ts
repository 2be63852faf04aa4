import type Database from 'better-sqlite3';
import { assertNoUnitOpen } from '../lib/unit-of-work.guard.ts';

// A synchronous transaction on the shared connection (webhook intake, tags, sync outbox). Opened
// while a unit of work is open and not part of it, better-sqlite3 would silently nest it as a
// savepoint of that unit: its writes would commit or roll back with someone else's work. The
// guard refuses that interleaving (db/README.md).

/** Wraps `work` in a transaction, prepared once; each call first checks it interleaves with no unit. */
export function syncTransaction<A extends unknown[], R>(
  sqlite: Database.Database,
  what: string,
  work: (...args: A) => R,
): (...args: A) => R {
  const tx = sqlite.transaction(work);
  return (...args) => {
    if (sqlite.inTransaction) assertNoUnitOpen(what);
    return tx(...args);
  };
}
