import { query, type Query } from '../../src/db/sql/executor.ts';
import type { SqlDatabase } from '../../src/db/sql/database.ts';

// Plain SQL against whichever database a test runtime runs on (SQLite or PostgreSQL), for setup
// and assertions that no port offers. Positional `?` as better-sqlite3 had it: each becomes a
// named parameter, so the same text runs on both dialects (write it in the portable subset of
// src/db/README.md). Results are promises on both.

type HasDatabase = { database: SqlDatabase } | { runtime: { database: SqlDatabase } };

const compiled = new Map<string, Query>();
function positional(text: string): Query {
  let q = compiled.get(text);
  if (!q) {
    let i = 0;
    // `?` outside quoted strings; the executor's `:name` syntax does the rest.
    q = query(text.replace(/'(?:[^']|'')*'|\?/g, (t) => (t === '?' ? `:p${++i}` : t)));
    compiled.set(text, q);
  }
  return q;
}
const bind = (args: unknown[]) => Object.fromEntries(args.map((v, i) => [`p${i + 1}`, v]));
const databaseOf = (h: HasDatabase): SqlDatabase => ('database' in h ? h.database : h.runtime.database);

export function sql(h: HasDatabase) {
  const x = () => databaseOf(h).x;
  return {
    dialect: () => databaseOf(h).dialect,
    all: <T = Record<string, any>>(text: string, ...args: unknown[]) => x().all<T>(positional(text), bind(args)),
    get: <T = Record<string, any>>(text: string, ...args: unknown[]) => x().get<T>(positional(text), bind(args)),
    run: (text: string, ...args: unknown[]) => x().run(positional(text), bind(args)),
    /** The first column of the first row (`pluck().get()`). */
    value: async <T = unknown>(text: string, ...args: unknown[]): Promise<T | undefined> => {
      const row = await x().get<Record<string, unknown>>(positional(text), bind(args));
      return row ? (Object.values(row)[0] as T) : undefined;
    },
    /** `SELECT count(*) …` and the like, as a number on both dialects. */
    count: async (text: string, ...args: unknown[]): Promise<number> => {
      const row = await x().get<Record<string, unknown>>(positional(text), bind(args));
      return Number(row ? Object.values(row)[0] : 0);
    },
    /** Several statements separated by `;`, no parameters. */
    exec: async (text: string): Promise<void> => {
      for (const s of text
        .split(';')
        .map((t) => t.trim())
        .filter(Boolean))
        await x().run(query(s));
    },
  };
}
