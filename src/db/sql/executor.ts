import type Database from 'better-sqlite3';
import type pg from 'pg';

// One SQL text, two databases. Repositories write plain SQL with named parameters (`:name`) in the
// subset SQLite and PostgreSQL both speak (db/README.md, "One executor"); `query()` compiles it
// once per dialect, lazily, and the executor binds and runs it.

export type Dialect = 'sqlite' | 'pg';
export type Params = Readonly<Record<string, unknown>>;

/** A statement, compiled per dialect on first use and kept. */
export type Query = {
  readonly text: string | ((dialect: Dialect) => string);
  /**
   * PostgreSQL: send it unnamed, so each call is planned with its values (a custom plan). For a
   * statement whose best plan depends on a value the generic plan cannot see (a search pattern).
   */
  readonly planEachCall?: boolean;
  /** SQLite: the last database's prepared statement (tests open many; a process one), and the parameter of each `?`. */
  sqlite?: { db: Database.Database; statement: Database.Statement; slots: readonly string[] };
  sqliteByDb?: WeakMap<Database.Database, Database.Statement>;
  pg?: { name: string; text: string; names: readonly string[] };
};

let statements = 0;

/** A statement with `:name` parameters; a function of the dialect when the text differs (see ./dialect.ts). */
export function query(text: string | ((dialect: Dialect) => string), options: { planEachCall?: boolean } = {}): Query {
  return options.planEachCall ? { text, planEachCall: true } : { text };
}

/** Statements whose text is built from a few variants (a patch's column set, a filter): one Query per text. */
export function queryCache(options: { planEachCall?: boolean } = {}): (text: string) => Query {
  const cache = new Map<string, Query>();
  return (text) => {
    let q = cache.get(text);
    if (!q) cache.set(text, (q = query(text, options)));
    return q;
  };
}

// `:name`, outside quoted strings and identifiers, and not PostgreSQL's `::type` cast.
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|::|:([A-Za-z_][A-Za-z0-9_]*)/g;

/**
 * The text with each `:name` replaced by `placeholder(name, index of first use)`; `names` in
 * order of first use, `slots` the name of every occurrence in order (for positional `?`).
 */
export function compileNamed(
  text: string,
  placeholder: (name: string, index: number) => string,
): { text: string; names: string[]; slots: string[] } {
  const names: string[] = [];
  const slots: string[] = [];
  const out = text.replace(TOKENS, (token, name: string | undefined) => {
    if (!name) return token;
    let i = names.indexOf(name);
    if (i < 0) i = names.push(name) - 1;
    slots.push(name);
    return placeholder(name, i);
  });
  return { text: out, names, slots };
}

const textOf = (q: Query, dialect: Dialect) => (typeof q.text === 'string' ? q.text : q.text(dialect));

export interface Executor {
  readonly dialect: Dialect;
  all<T = Record<string, unknown>>(q: Query, params?: Params): Promise<T[]>;
  get<T = Record<string, unknown>>(q: Query, params?: Params): Promise<T | undefined>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(q: Query, params?: Params): Promise<number>;
  /**
   * `get`/`run` with the result mapped inside: a repository method on the processing path returns
   * this promise as it is (no async wrapper), one promise per call as before the executor.
   */
  getAs<T, R>(q: Query, params: Params, map: (row: T | undefined) => R): Promise<R>;
  runAs<R>(q: Query, params: Params, map: (changes: number) => R): Promise<R>;
}

const EMPTY: Params = {};

/**
 * better-sqlite3: prepared once per database with positional `?` (binding an array is cheaper
 * than by name); booleans as 1/0, arrays as JSON text (read with json_each), undefined as null.
 * Promises resolve without yielding to the event loop, as the synchronous store requires.
 */
export function sqliteExecutor(db: Database.Database): Executor {
  function prepared(q: Query): NonNullable<Query['sqlite']> {
    const hit = q.sqlite;
    if (hit?.db === db) return hit;
    const compiled = compileNamed(textOf(q, 'sqlite'), () => '?');
    let statement = q.sqliteByDb?.get(db);
    if (!statement) {
      statement = db.prepare(compiled.text);
      (q.sqliteByDb ??= new WeakMap()).set(db, statement);
    }
    return (q.sqlite = { db, statement, slots: compiled.slots });
  }
  function bind(slots: readonly string[], params: Params): unknown[] {
    const out = new Array<unknown>(slots.length);
    for (let i = 0; i < slots.length; i++) {
      const v = params[slots[i]!];
      out[i] = v === undefined || v === null ? null : typeof v === 'boolean' ? (v ? 1 : 0) : Array.isArray(v) ? JSON.stringify(v) : v;
    }
    return out;
  }
  return {
    dialect: 'sqlite',
    getAs<T, R>(q: Query, params: Params, map: (row: T | undefined) => R): Promise<R> {
      try {
        const { statement, slots } = prepared(q);
        return Promise.resolve(map(statement.get(bind(slots, params)) as T | undefined));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    },
    runAs<R>(q: Query, params: Params, map: (changes: number) => R): Promise<R> {
      try {
        const { statement, slots } = prepared(q);
        return Promise.resolve(map(statement.run(bind(slots, params)).changes));
      } catch (err) {
        return Promise.reject(err as Error);
      }
    },
    async all<T>(q: Query, params: Params = EMPTY) {
      const { statement, slots } = prepared(q);
      return statement.all(bind(slots, params)) as T[];
    },
    async get<T>(q: Query, params: Params = EMPTY) {
      const { statement, slots } = prepared(q);
      return statement.get(bind(slots, params)) as T | undefined;
    },
    async run(q: Query, params: Params = EMPTY) {
      const { statement, slots } = prepared(q);
      return statement.run(bind(slots, params)).changes;
    },
  };
}

/** Something that runs pg queries: a pooled client inside a unit of work, or the pool itself. */
export type PgQueryable = Pick<pg.PoolClient, 'query'>;

/**
 * node-postgres: `$1…$n` in order of first use, sent as a named prepared statement so each
 * connection parses and plans it once; booleans and arrays bound natively, undefined as null.
 */
export function pgExecutor(client: PgQueryable): Executor {
  function compiled(q: Query) {
    if (q.pg) return q.pg;
    const c = compileNamed(textOf(q, 'pg'), (_, i) => `$${i + 1}`);
    return (q.pg = { name: q.planEachCall ? '' : `rapport_${++statements}`, text: c.text, names: c.names });
  }
  async function exec(q: Query, params: Params): Promise<pg.QueryResult> {
    const c = compiled(q);
    const values = c.names.map((n) => params[n] ?? null);
    return client.query(c.name ? { name: c.name, text: c.text, values } : { text: c.text, values });
  }
  return {
    dialect: 'pg',
    async getAs<T, R>(q: Query, params: Params, map: (row: T | undefined) => R) {
      return map((await exec(q, params)).rows[0] as T | undefined);
    },
    async runAs<R>(q: Query, params: Params, map: (changes: number) => R) {
      return map((await exec(q, params)).rowCount ?? 0);
    },
    async all<T>(q: Query, params: Params = EMPTY) {
      return (await exec(q, params)).rows as T[];
    },
    async get<T>(q: Query, params: Params = EMPTY) {
      return (await exec(q, params)).rows[0] as T | undefined;
    },
    async run(q: Query, params: Params = EMPTY) {
      return (await exec(q, params)).rowCount ?? 0;
    },
  };
}
