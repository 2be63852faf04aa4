import { getTableColumns, getTableName, is, SQL, type Column, type ColumnBaseConfig, type ColumnDataType } from 'drizzle-orm';
import {
  bigint,
  boolean,
  customType,
  doublePrecision,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  unique,
  uniqueIndex,
  type AnyPgColumn,
  type PgColumn,
  type PgColumnBuilderBase,
  type PgTable,
  type PgTableWithColumns,
} from 'drizzle-orm/pg-core';
import { getTableConfig, type SQLiteColumn, type SQLiteTable } from 'drizzle-orm/sqlite-core';

// Builds the PostgreSQL twin of a drizzle SQLite table by conventions (src/db/README.md,
// "One schema, two dialects"), so the SQLite schema stays the one source of truth.

/** How one column departs from the conventions; keyed `table.column` in the override map. */
type ColumnOverride =
  | { type: 'instant' } // text holding an ISO instant, not named *_at
  | { type: 'text' } // named *_at, but not an instant we may parse (kept exactly as received)
  | { type: 'bigint' } // an integer that can pass 2^31, not named *_minor
  | { default: SQL }; // the PostgreSQL spelling of a SQLite-specific SQL default

export type Overrides = Readonly<Record<string, ColumnOverride>>;

/** The SQL type of every instant column: timestamptz, millisecond precision (like the ISO strings on SQLite). */
export const INSTANT_SQL_TYPE = 'timestamp(3) with time zone';

/**
 * timestamptz as the same ISO-8601 string SQLite holds (`2026-12-01T18:15:47.123Z`). A custom
 * type rather than `timestamp(…, { mode: 'string' })` (same SQL type): drizzle's node-postgres
 * driver hands timestamptz to columns unparsed, past the pool's type parsers, and `mode: 'string'`
 * would return PostgreSQL's text form (`2026-12-01 18:15:47.123+00`).
 */
const instant = customType<{ data: string; driverData: string | Date }>({
  dataType: () => INSTANT_SQL_TYPE,
  fromDriver: (value) => (value instanceof Date ? value.toISOString() : isoInstant(value)),
});

/** PostgreSQL's timestamptz text output (any time zone setting) → ISO-8601 with milliseconds and Z. */
export function isoInstant(value: string): string {
  const m = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(\.\d+)?(?:([+-])(\d\d)(?::?(\d\d))?(?::?(\d\d))?|Z)?$/.exec(value);
  if (!m) throw new Error(`not a timestamptz value: ${JSON.stringify(value)}`);
  const [, y, mo, d, h, mi, s, frac, sign, oh, om, os] = m;
  const ms = Math.floor(Number(`0${frac ?? ''}`) * 1000);
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const offsetMs = sign ? (sign === '-' ? -1 : 1) * ((Number(oh) * 60 + Number(om ?? 0)) * 60 + Number(os ?? 0)) * 1000 : 0;
  return new Date(utc - offsetMs).toISOString();
}

type Kind = 'text' | 'instant' | 'boolean' | 'integer' | 'bigint' | 'identity' | 'double';

/** The conventions, then the override: what a SQLite column becomes on PostgreSQL. */
function pgKind(table: string, column: SQLiteColumn, overrides: Overrides): Kind {
  const override = overrides[`${table}.${column.name}`];
  const type = override && 'type' in override ? override.type : undefined;
  switch (column.columnType) {
    case 'SQLiteText':
      if (type === 'instant') return 'instant';
      if (type === 'text') return 'text';
      return column.name.endsWith('_at') ? 'instant' : 'text';
    case 'SQLiteBoolean':
      return 'boolean';
    case 'SQLiteInteger':
      if (column.primary && (column as SQLiteColumn & { autoIncrement?: boolean }).autoIncrement) return 'identity';
      return type === 'bigint' || column.name.endsWith('_minor') ? 'bigint' : 'integer';
    case 'SQLiteReal':
      return 'double';
    default:
      throw new Error(`${table}.${column.name}: no PostgreSQL mapping for ${column.columnType}; add one in src/db/pg/twin.ts`);
  }
}

function pgColumn(table: string, column: SQLiteColumn, overrides: Overrides): PgColumnBuilderBase {
  const kind = pgKind(table, column, overrides);
  const name = column.name;
  const base = {
    text: () => text(name, { enum: column.enumValues as [string, ...string[]] | undefined }),
    instant: () => instant(name),
    boolean: () => boolean(name),
    integer: () => integer(name),
    bigint: () => bigint(name, { mode: 'number' }),
    // BY DEFAULT, not ALWAYS: SQLite accepts an explicit id, and so must the twin.
    identity: () => bigint(name, { mode: 'number' }).generatedByDefaultAsIdentity(),
    double: () => doublePrecision(name),
  }[kind]();
  // The builders' fluent methods share one shape; a loose type keeps the chain below simple.
  let b = base as unknown as ChainBuilder;
  if (column.notNull && kind !== 'identity') b = b.notNull();
  if (column.primary) b = b.primaryKey();
  if (column.isUnique) b = b.unique(column.uniqueName);
  const override = overrides[`${table}.${name}`];
  if (override && 'default' in override) b = b.default(override.default);
  else if (column.default !== undefined) {
    if (is(column.default, SQL)) {
      throw new Error(
        `${table}.${name}: a SQL default is SQLite's spelling; give its PostgreSQL one in the override map (src/db/pg/schema.ts)`,
      );
    }
    b = b.default(column.default);
  }
  if (column.defaultFn) b = b.$defaultFn(column.defaultFn);
  if (column.onUpdateFn) b = b.$onUpdateFn(column.onUpdateFn);
  return b as unknown as PgColumnBuilderBase;
}

type ChainBuilder = {
  notNull(): ChainBuilder;
  primaryKey(): ChainBuilder;
  unique(name?: string): ChainBuilder;
  default(value: unknown): ChainBuilder;
  $defaultFn(fn: () => unknown): ChainBuilder;
  $onUpdateFn(fn: () => unknown): ChainBuilder;
};

/** The PostgreSQL column type of a SQLite column, keeping its TypeScript shape (data, nullability). */
type TwinColumn<C extends Column> = PgColumn<
  Pick<C['_'], keyof ColumnBaseConfig<ColumnDataType, string>> & ColumnBaseConfig<ColumnDataType, string>
>;

export type PgTwin<T extends SQLiteTable> = PgTableWithColumns<{
  name: T['_']['name'];
  schema: undefined;
  dialect: 'pg';
  columns: { [K in keyof T['_']['columns']]: TwinColumn<T['_']['columns'][K]> };
}>;

/**
 * Returns a twin builder: foreign keys are resolved when drizzle reads the table's extra config
 * (lazily), through `twins`, so tables may be built in any order.
 */
export function twinBuilder(overrides: Overrides) {
  const twins = new Map<string, PgTable>();

  function columnOf(pg: PgTable, name: string): AnyPgColumn {
    const col = Object.values(getTableColumns(pg)).find((c) => c.name === name);
    if (!col) throw new Error(`${getTableName(pg)} has no column ${name}`);
    return col as AnyPgColumn;
  }

  return function twin<T extends SQLiteTable>(sqlite: T): PgTwin<T> {
    const config = getTableConfig(sqlite);
    const name = config.name;
    if (config.checks.length > 0) throw new Error(`${name}: CHECK constraints have no PostgreSQL twin yet (src/db/pg/twin.ts)`);
    const columns: Record<string, PgColumnBuilderBase> = {};
    for (const [key, col] of Object.entries(getTableColumns(sqlite))) columns[key] = pgColumn(name, col as SQLiteColumn, overrides);

    const table = pgTable(name, columns, (self) => {
      const byName = (c: { name: string } | SQL) => {
        if (is(c, SQL)) throw new Error(`${name}: expression indexes have no PostgreSQL twin yet`);
        const found = Object.values(self).find((pc) => (pc as AnyPgColumn).name === c.name);
        if (!found) throw new Error(`${name}: no column ${c.name}`);
        return found as AnyPgColumn;
      };
      const extras = [];
      for (const ix of config.indexes) {
        const cols = ix.config.columns.map(byName) as [AnyPgColumn, ...AnyPgColumn[]];
        const built = (ix.config.unique ? uniqueIndex(ix.config.name) : index(ix.config.name)).on(...cols);
        // A partial index's condition names its table and columns, the same on both sides.
        extras.push(ix.config.where ? built.where(ix.config.where) : built);
      }
      for (const pk of config.primaryKeys) {
        extras.push(primaryKey({ name: pk.getName(), columns: pk.columns.map(byName) as [AnyPgColumn, ...AnyPgColumn[]] }));
      }
      for (const u of config.uniqueConstraints)
        extras.push(unique(u.getName()).on(...(u.columns.map(byName) as [AnyPgColumn, ...AnyPgColumn[]])));
      for (const fk of config.foreignKeys) {
        const ref = fk.reference();
        const target = twins.get(getTableName(ref.foreignTable));
        if (!target) throw new Error(`${name}: foreign key to ${getTableName(ref.foreignTable)}, which has no PostgreSQL twin`);
        let built = foreignKey({
          name: fk.getName(),
          columns: ref.columns.map(byName) as [AnyPgColumn, ...AnyPgColumn[]],
          foreignColumns: ref.foreignColumns.map((c) => columnOf(target, c.name)) as [AnyPgColumn, ...AnyPgColumn[]],
        });
        if (fk.onDelete) built = built.onDelete(fk.onDelete);
        if (fk.onUpdate) built = built.onUpdate(fk.onUpdate);
        extras.push(built);
      }
      return extras;
    });
    twins.set(name, table);
    return table as unknown as PgTwin<T>;
  };
}
