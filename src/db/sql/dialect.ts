import type { Dialect } from './executor.ts';

// The few places where SQLite and PostgreSQL spell the same thing differently. Use them inside
// `query((d) => …)`; everything else is the shared SQL subset (db/README.md, "One executor").

type Spelling = {
  /** The larger of two values (SQLite's scalar max). */
  greatest(a: string, b: string): string;
  /** Case-insensitive (ASCII) LIKE: SQLite's LIKE is, PostgreSQL's is not. */
  readonly ilike: string;
  /** `column IN (…)` over an array parameter (bound as JSON text on SQLite, an array on PostgreSQL). */
  inArray(param: string): string;
  /** A table `alias(value)` of an array parameter's elements (text). */
  eachValue(param: string, alias: string): string;
  /** The character with this code (newline: 10). */
  chr(code: number): string;
  /** The UTC calendar day (`YYYY-MM-DD`) of an instant column (text on SQLite, timestamptz on PostgreSQL). */
  utcDay(instant: string): string;
  /** The UTC calendar month (`YYYY-MM`) of an instant column. */
  utcMonth(instant: string): string;
  /** Whole days from 1970-01-01 to an instant's UTC calendar day (an integer: differences are exact days). */
  utcDayNumber(instant: string): string;
  /** `expr` compared byte by byte (SQLite's BINARY, PostgreSQL's "C"), whatever the database's collation. */
  bytewise(expr: string): string;
  /** The values of `expr` joined with `separator` (a SQL literal), ordered bytewise by value. */
  joined(expr: string, separator: string): string;
  /** A sort key SQLite must not read through an index (a unary `+`; PostgreSQL plans by cost: unchanged). */
  unindexed(expr: string): string;
  /** `text` holds `piece` (exact, case-sensitive; LIKE would treat `%` and `_` as patterns and fold ASCII case on SQLite). */
  contains(text: string, piece: string): string;
};

const spellings: Record<Dialect, Spelling> = {
  sqlite: {
    greatest: (a, b) => `max(${a}, ${b})`,
    ilike: 'LIKE',
    inArray: (param) => `IN (SELECT value FROM json_each(:${param}))`,
    eachValue: (param, alias) => `json_each(:${param}) AS ${alias}`,
    chr: (code) => `char(${code})`,
    utcDay: (instant) => `substr(${instant}, 1, 10)`,
    utcMonth: (instant) => `substr(${instant}, 1, 7)`,
    // julianday of a bare date is an exact .5 (noon-based): minus 2440587.5 is an exact integer.
    utcDayNumber: (instant) => `CAST(julianday(substr(${instant}, 1, 10)) - 2440587.5 AS integer)`,
    bytewise: (expr) => expr,
    // The rows arrive ordered (a subquery's ORDER BY): SQLite's group_concat keeps that order.
    joined: (expr, separator) => `group_concat(${expr}, ${separator})`,
    unindexed: (expr) => `+${expr}`,
    contains: (text, piece) => `instr(${text}, ${piece}) > 0`,
  },
  pg: {
    greatest: (a, b) => `greatest(${a}, ${b})`,
    ilike: 'ILIKE',
    inArray: (param) => `= ANY(:${param})`,
    eachValue: (param, alias) => `unnest(CAST(:${param} AS text[])) AS ${alias}(value)`,
    chr: (code) => `chr(${code})`,
    utcDay: (instant) => `to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM-DD')`,
    utcMonth: (instant) => `to_char(${instant} AT TIME ZONE 'UTC', 'YYYY-MM')`,
    utcDayNumber: (instant) => `(CAST(${instant} AT TIME ZONE 'UTC' AS date) - DATE '1970-01-01')`,
    bytewise: (expr) => `${expr} COLLATE "C"`,
    joined: (expr, separator) => `string_agg(${expr}, ${separator} ORDER BY ${expr} COLLATE "C")`,
    unindexed: (expr) => expr,
    contains: (text, piece) => `strpos(${text}, ${piece}) > 0`,
  },
};

export const sqlOf = (dialect: Dialect): Spelling => spellings[dialect];
