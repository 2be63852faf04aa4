import { getTableColumns, sql, type Placeholder } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';

/**
 * `{ column: sql.placeholder(column) }` for every column of a table (minus some), so an insert
 * or update can be prepared once and run with a plain record. Building SQL through the query
 * builder on every call costs more than the statement itself.
 */
export function placeholders<T extends SQLiteTable>(table: T, omit: string[] = []): Record<string, Placeholder> {
  return Object.fromEntries(Object.keys(getTableColumns(table)).filter((k) => !omit.includes(k)).map((k) => [k, sql.placeholder(k)]));
}

/** better-sqlite3 binds booleans only as numbers. */
export function bindable<T extends Record<string, unknown>>(row: T): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === 'boolean' ? (v ? 1 : 0) : v === undefined ? null : v;
  return out;
}
