import { is } from 'drizzle-orm';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import { getTableConfig as sqliteConfig, integer, sqliteTable, SQLiteTable, text } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as pgSchema from '../../../src/db/pg/schema.ts';
import { INSTANT_SQL_TYPE, isoInstant, twinBuilder } from '../../../src/db/pg/twin.ts';
import * as sqliteSchema from '../../../src/db/schema/index.ts';

// The PostgreSQL tables are built from the SQLite ones (src/db/pg/schema.ts): same tables, same
// columns, same keys and indexes, with the types mapped by the documented conventions.

const sqliteTables = Object.entries(sqliteSchema).filter(([, v]) => is(v, SQLiteTable)) as [string, SQLiteTable][];
const pgTables = new Map(Object.entries(pgSchema).filter(([, v]) => is(v, PgTable)) as [string, PgTable][]);

function columnsOf(config: { columns: { name: string; notNull: boolean; hasDefault: boolean; primary: boolean }[] }) {
  return config.columns
    .map((c) => ({ name: c.name, notNull: c.notNull, hasDefault: c.hasDefault, primary: c.primary }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

const names = (cols: ({ name: string } | unknown)[]): string[] => cols.map((c) => (c as { name: string }).name);

describe('PostgreSQL schema twins', () => {
  it('has a twin, under the same export name, for every SQLite table, and nothing else', () => {
    expect(sqliteTables.length).toBeGreaterThan(30);
    expect([...pgTables.keys()].sort()).toEqual(sqliteTables.map(([k]) => k).sort());
  });

  it.each(sqliteTables)('%s: same table, columns, nullability, defaults and keys', (exportName, sqlite) => {
    const s = sqliteConfig(sqlite);
    const p = pgConfig(pgTables.get(exportName)!);
    expect(p.name).toBe(s.name);
    expect(columnsOf(p)).toEqual(columnsOf(s));
    const indexes = (ixs: { config: { name?: string; unique: boolean; columns: unknown[]; where?: unknown } }[]) =>
      ixs
        .map((i) => ({
          name: i.config.name,
          unique: i.config.unique,
          columns: names(i.config.columns),
          partial: i.config.where !== undefined,
        }))
        .sort((a, b) => String(a.name).localeCompare(String(b.name)));
    expect(indexes(p.indexes)).toEqual(indexes(s.indexes));
    const pks = (list: { getName(): string; columns: { name: string }[] }[]) => list.map((k) => [k.getName(), names(k.columns)]);
    expect(pks(p.primaryKeys)).toEqual(pks(s.primaryKeys));
    const uniques = (list: { getName(): string | undefined; columns: { name: string }[] }[]) =>
      list.map((u) => [u.getName(), names(u.columns)]);
    expect(uniques(p.uniqueConstraints)).toEqual(uniques(s.uniqueConstraints));
    const fks = (
      list: {
        getName(): string;
        onDelete?: string;
        reference(): { columns: { name: string }[]; foreignColumns: { name: string }[]; foreignTable: unknown };
      }[],
    ) =>
      list
        .map((f) => {
          const r = f.reference();
          return { name: f.getName(), onDelete: f.onDelete ?? 'no action', columns: names(r.columns), to: names(r.foreignColumns) };
        })
        .sort((a, b) => a.name.localeCompare(b.name));
    expect(fks(p.foreignKeys)).toEqual(fks(s.foreignKeys));
    // PostgreSQL truncates identifiers past 63 bytes: two long names could collide silently.
    for (const n of [
      ...p.indexes.map((i) => i.config.name),
      ...p.foreignKeys.map((f) => f.getName()),
      ...p.primaryKeys.map((k) => k.getName()),
    ]) {
      expect(String(n).length).toBeLessThanOrEqual(63);
    }
  });

  const sqlType = (table: PgTable, column: string) =>
    pgConfig(table)
      .columns.find((c) => c.name === column)!
      .getSQLType();
  it.each([
    ['money in minor units: bigint', pgSchema.orders, 'total_minor', 'bigint'],
    ['nullable money: bigint', pgSchema.orders, 'presentment_total_minor', 'bigint'],
    ['derived money: bigint', pgSchema.customers, 'amount_spent_minor', 'bigint'],
    ['autoincrement id: bigint identity', pgSchema.pointsLedger, 'id', 'bigint'],
    ['counter under 2^31: integer', pgSchema.customers, 'orders_count', 'integer'],
    ['points per ledger row: integer', pgSchema.pointsLedger, 'points', 'integer'],
    ['tier threshold (override): bigint', pgSchema.tiers, 'threshold', 'bigint'],
    ['boolean mode: boolean', pgSchema.orders, 'test', 'boolean'],
    ['real: double precision', pgSchema.tiers, 'multiplier', 'double precision'],
    ['*_at: timestamptz(3)', pgSchema.orders, 'placed_at', INSTANT_SQL_TYPE],
    ['nullable *_at: timestamptz(3)', pgSchema.customers, 'redacted_at', INSTANT_SQL_TYPE],
    ['tier_since (override): timestamptz(3)', pgSchema.loyaltyMembers, 'tier_since', INSTANT_SQL_TYPE],
    ['triggered_at, a header as received (override): text', pgSchema.webhookInbox, 'triggered_at', 'text'],
    ['platform id: text', pgSchema.orders, 'external_id', 'text'],
    ['JSON: text', pgSchema.orders, 'discount_codes', 'text'],
  ])('%s', (_title, table, column, type) => {
    expect(sqlType(table, column)).toBe(type);
  });

  it('keeps identity ids writable (BY DEFAULT) and carries literal defaults over', () => {
    const id = pgConfig(pgSchema.webhookInbox).columns.find((c) => c.name === 'id')!;
    expect(id.generatedIdentity?.type).toBe('byDefault');
    const test = pgConfig(pgSchema.orders).columns.find((c) => c.name === 'test')!;
    expect(test.default).toBe(false);
    const status = pgConfig(pgSchema.webhookInbox).columns.find((c) => c.name === 'status')!;
    expect(status.default).toBe('pending');
  });

  it('refuses a column type or SQL default it has no mapping for, instead of guessing', async () => {
    const { sql } = await import('drizzle-orm');
    const twin = twinBuilder({});
    const withSqlDefault = sqliteTable('t_default', {
      id: text('id').primaryKey(),
      at: text('created_at').default(sql`(CURRENT_TIMESTAMP)`),
    });
    expect(() => twin(withSqlDefault)).toThrow(/override map/);
    const withOverride = twinBuilder({ 't_default2.created_at': { default: sql`now()` } });
    const ok = withOverride(
      sqliteTable('t_default2', { id: text('id').primaryKey(), at: text('created_at').default(sql`(CURRENT_TIMESTAMP)`) }),
    );
    expect(pgConfig(ok).columns.find((c) => c.name === 'created_at')!.hasDefault).toBe(true);
    const ts = sqliteTable('t_ts', { at: integer('at', { mode: 'timestamp' }) });
    expect(() => twin(ts)).toThrow(/no PostgreSQL mapping/);
  });

  it.each([
    ['UTC, milliseconds', '2026-12-01 18:15:47.123+00', '2026-12-01T18:15:47.123Z'],
    ['no fraction', '2026-12-01 18:15:47+00', '2026-12-01T18:15:47.000Z'],
    ['offset with minutes', '2026-12-01 23:45:47.5+05:30', '2026-12-01T18:15:47.500Z'],
    ['negative offset across midnight', '2026-11-30 20:00:00.001-05', '2026-12-01T01:00:00.001Z'],
    ['microseconds truncated', '2026-12-01 18:15:47.123456+00', '2026-12-01T18:15:47.123Z'],
  ])('reads timestamptz text (%s) as an ISO instant', (_t, input, iso) => {
    expect(isoInstant(input)).toBe(iso);
  });

  it('refuses timestamptz text it cannot read', () => {
    expect(() => isoInstant('infinity')).toThrow(/timestamptz/);
  });
});
