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
};

const spellings: Record<Dialect, Spelling> = {
  sqlite: {
    greatest: (a, b) => `max(${a}, ${b})`,
    ilike: 'LIKE',
    inArray: (param) => `IN (SELECT value FROM json_each(:${param}))`,
    eachValue: (param, alias) => `json_each(:${param}) AS ${alias}`,
    chr: (code) => `char(${code})`,
  },
  pg: {
    greatest: (a, b) => `greatest(${a}, ${b})`,
    ilike: 'ILIKE',
    inArray: (param) => `= ANY(:${param})`,
    eachValue: (param, alias) => `unnest(CAST(:${param} AS text[])) AS ${alias}(value)`,
    chr: (code) => `chr(${code})`,
  },
};

export const sqlOf = (dialect: Dialect): Spelling => spellings[dialect];
