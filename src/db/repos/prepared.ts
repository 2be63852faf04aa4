import type Database from 'better-sqlite3';
import { getTableColumns, getTableName, sql, type Placeholder } from 'drizzle-orm';
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

/**
 * A raw better-sqlite3 INSERT for a drizzle table with named parameters (`@key` per property),
 * for the statements run for every order: drizzle's prepared queries re-map every placeholder on
 * each run, which cost more than the insert itself in the backfill profile.
 */
export function rawInsert(
  db: Database.Database, table: SQLiteTable,
  options: { omit?: string[]; conflict?: 'ignore' | { target: string[]; update: string[] } } = {},
): Database.Statement {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => !options.omit?.includes(key));
  const name = getTableName(table);
  const into = `INSERT INTO "${name}" (${columns.map(([, c]) => `"${c.name}"`).join(', ')}) VALUES (${columns.map(([key]) => `@${key}`).join(', ')})`;
  const { conflict } = options;
  if (!conflict) return db.prepare(into);
  if (conflict === 'ignore') return db.prepare(`${into} ON CONFLICT DO NOTHING`);
  const col = (key: string) => `"${getTableColumns(table)[key]!.name}"`;
  return db.prepare(`${into} ON CONFLICT (${conflict.target.map(col).join(', ')}) DO UPDATE SET ${conflict.update.map((k) => `${col(k)} = excluded.${col(k)}`).join(', ')}`);
}

/** A raw UPDATE of every column but `keep` (named parameters), where `id` = @id. */
export function rawUpdateById(db: Database.Database, table: SQLiteTable, keep: string[]): Database.Statement {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key !== 'id' && !keep.includes(key));
  return db.prepare(`UPDATE "${getTableName(table)}" SET ${columns.map(([key, c]) => `"${c.name}" = @${key}`).join(', ')} WHERE "id" = @id`);
}

/** Maps a raw row (column names) to the table's record shape (property names), booleans included. */
export function rowMapper<T>(table: SQLiteTable): (row: unknown) => T | undefined {
  const columns = Object.entries(getTableColumns(table)).map(([key, c]) => [key, c.name, c.columnType === 'SQLiteBoolean'] as const);
  return (row) => {
    if (!row) return undefined;
    const r = row as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const [key, name, bool] of columns) out[key] = bool ? Boolean(r[name]) : r[name];
    return out as T;
  };
}

type SnakeKey<S extends string> = S extends `${infer H}${infer T}`
  ? `${H extends Lowercase<H> ? H : `_${Lowercase<H>}`}${SnakeKey<T>}` : S;

/**
 * The raw better-sqlite3 row (snake_case columns) of a domain record, derived from the record so a
 * field added to it cannot be left out of the row; `Stored` gives the fields stored another way
 * (JSON text, 0/1 booleans).
 */
export type RowOf<T, Stored extends { [K in keyof T]?: unknown } = object> = {
  [K in keyof T as SnakeKey<K & string>]: K extends keyof Stored ? Stored[K] : T[K];
};
