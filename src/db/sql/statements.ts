import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { query, queryCache, type Query } from './executor.ts';

// Statements derived from a drizzle table (the SQLite definition: column names are the same on
// PostgreSQL), with `:property` parameters, so a repository runs them with a plain record.

const quoted = (name: string) => `"${name}"`;

/** INSERT of every column (minus `omit`), optionally ignoring or updating on conflict. */
export function insertInto(
  table: SQLiteTable,
  options: { omit?: string[]; conflict?: 'ignore' | { target: string[]; update: string[] } } = {},
): Query {
  const all = getTableColumns(table);
  const columns = Object.entries(all).filter(([key]) => !options.omit?.includes(key));
  const into = `INSERT INTO ${quoted(getTableName(table))} (${columns.map(([, c]) => quoted(c.name)).join(', ')}) VALUES (${columns.map(([key]) => `:${key}`).join(', ')})`;
  const { conflict } = options;
  if (!conflict) return query(into);
  if (conflict === 'ignore') return query(`${into} ON CONFLICT DO NOTHING`);
  const col = (key: string) => quoted(all[key]!.name);
  return query(
    `${into} ON CONFLICT (${conflict.target.map(col).join(', ')}) DO UPDATE SET ${conflict.update.map((k) => `${col(k)} = excluded.${col(k)}`).join(', ')}`,
  );
}

/** UPDATE of every column but `id` and `keep`, where `id` = :id. */
export function updateById(table: SQLiteTable, keep: string[]): Query {
  const columns = Object.entries(getTableColumns(table)).filter(([key]) => key !== 'id' && !keep.includes(key));
  return query(
    `UPDATE ${quoted(getTableName(table))} SET ${columns.map(([key, c]) => `${quoted(c.name)} = :${key}`).join(', ')} WHERE "id" = :id`,
  );
}

/**
 * An UPDATE of the patch's columns (property → column in `columns`; other keys ignored), one Query
 * per distinct column set. null when the patch names no column. `where` uses `:name` parameters.
 */
export function patchUpdater(table: string, columns: Record<string, string>, where: string): (patch: object) => Query | null {
  const byKeys = new Map<string, Query>();
  const forText = queryCache();
  return (patch) => {
    const keys = Object.keys(patch).filter((k) => k in columns);
    if (!keys.length) return null;
    const id = keys.join(',');
    let q = byKeys.get(id);
    if (!q) byKeys.set(id, (q = forText(`UPDATE ${table} SET ${keys.map((k) => `${columns[k]} = :${k}`).join(', ')} WHERE ${where}`)));
    return q;
  };
}

/** property → column name, for the columns of a table (minus `omit`). */
export function columnsOf(table: SQLiteTable, omit: string[] = []): Record<string, string> {
  return Object.fromEntries(
    Object.entries(getTableColumns(table))
      .filter(([key]) => !omit.includes(key))
      .map(([key, c]) => [key, c.name]),
  );
}

/** Maps a raw row (column names) to the table's record shape (property names), booleans included (0/1 or true/false). */
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
