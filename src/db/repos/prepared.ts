import type Database from 'better-sqlite3';
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

/**
 * An UPDATE of the patch's columns (camelCase keys mapped to columns by `columns`; other keys
 * ignored), prepared once per distinct column set and reused. null when the patch names no column.
 * `where` uses named parameters the caller passes to `run`.
 */
export function patchUpdater(db: Database.Database, table: string, columns: Record<string, string>, where: string) {
  const cache = new Map<string, Database.Statement>();
  return (patch: object): Database.Statement | null => {
    const keys = Object.keys(patch).filter((k) => k in columns);
    if (!keys.length) return null;
    const id = keys.join(',');
    let statement = cache.get(id);
    if (!statement) {
      statement = db.prepare(`UPDATE ${table} SET ${keys.map((k) => `${columns[k]} = @${k}`).join(', ')} WHERE ${where}`);
      cache.set(id, statement);
    }
    return statement;
  };
}
