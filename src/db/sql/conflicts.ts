import { query, type Executor } from './executor.ts';

// Two writers of the same thing, on either database.

/** A unique constraint refused a row: SQLite's SQLITE_CONSTRAINT_UNIQUE / _PRIMARYKEY, PostgreSQL's 23505. */
export function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

const advisory = query('SELECT pg_advisory_xact_lock(hashtext(:key))');

/**
 * Serialises the units of work that take the same `key`, until the unit commits or rolls back: a
 * check-then-write (no row yet to lock, no unique key to conflict on) stays correct when two
 * requests race. Inside a unit only. PostgreSQL: a transaction-scoped advisory lock; the statements
 * after it see what the previous holder committed (READ COMMITTED takes a snapshot per statement).
 * SQLite: nothing to do, a write transaction (BEGIN IMMEDIATE, units queued) already excludes every other.
 */
export async function lockForUnit(x: Executor, key: string): Promise<void> {
  if (x.dialect === 'pg') await x.run(advisory, { key });
}
