import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { BatchOptions } from '../../crm/store.port.ts';
import { insideUnitOfWork, openUnitOfWork, UnitOfWorkViolation } from '../../lib/unit-of-work.guard.ts';
import type { Db } from '../client.ts';
import { pgExecutor, sqliteExecutor, type Dialect, type Executor } from './executor.ts';

// One database handle for every adapter in db/, on either dialect: statements outside a
// transaction (`x`), units of work (`transaction`), and batches of units with one commit
// (`batch`). The CRM store (../store.ts, ../pg/store.ts) and every other repository (tenancy,
// read models, sync, inbox…) share it, so a SQLite process has one queue of transactions and a
// PostgreSQL one a pool. The rules of a unit of work (no outside I/O inside) are db/README.md's.

/** What a unit of work may ask of its transaction besides statements. */
export type Unit = {
  /** Runs once the outermost transaction has committed (not when it rolls back). */
  afterCommit(fn: () => void): void;
};

export interface SqlDatabase {
  readonly dialect: Dialect;
  /** Statements outside any unit of work (each its own transaction; on PostgreSQL any pooled connection). */
  readonly x: Executor;
  /** A unit of work: `work`'s statements commit together or not at all. Inside `batch`, a savepoint. */
  transaction<T>(work: (x: Executor, unit: Unit) => Promise<T>): Promise<T>;
  /** Several units with one commit: each `transaction()` inside `work` is a savepoint that can roll back alone. */
  batch<T>(work: () => Promise<T>, options?: BatchOptions): Promise<T>;
  /** Closes the connection (SQLite) or ends the pool (PostgreSQL). */
  close(): Promise<void>;
}

export type SqliteDatabase = SqlDatabase & { readonly dialect: 'sqlite'; readonly db: Db };
export type PgDatabase = SqlDatabase & { readonly dialect: 'pg'; readonly pool: pg.Pool };

/** Errors after which running the unit again can succeed: the server rolled it back to break a conflict. */
const RETRYABLE = new Set(['40001', '40P01']);
export const isRetryable = (err: unknown): boolean => RETRYABLE.has((err as { code?: string } | null)?.code ?? '');

type Hooks = { fns: (() => void)[] };
// The same function registered twice runs once (an erasure per unit, one WAL truncation per commit).
const unitOf = (hooks: Hooks): Unit => ({ afterCommit: (fn) => void (hooks.fns.includes(fn) || hooks.fns.push(fn)) });
function runHooks(hooks: Hooks): void {
  for (const fn of hooks.fns) fn();
}

/**
 * better-sqlite3 is synchronous, so statement promises resolve without yielding to the event
 * loop: no HTTP callback can run inside an open transaction as long as the unit awaits nothing
 * else (the guard enforces it). Units are still queued so two of them never interleave. A commit
 * rewrites every page a unit touched, so the inbox worker groups deliveries with `batch()`.
 */
export function sqliteDatabase(db: Db): SqliteDatabase {
  const sqlite = db.$client;
  const x = sqliteExecutor(sqlite);
  // `failed` poisons an all-or-nothing batch: a unit's partial writes have no savepoint to undo
  // them, so the whole batch rolls back even when the caller caught the unit's error.
  const inBatch = new AsyncLocalStorage<{ savepoints: boolean; failed?: unknown; hooks: Hooks }>();
  let tail: Promise<unknown> = Promise.resolve();
  // Prepared once: a batch opens and releases a savepoint per delivery. One name serves every
  // level, since SQLite releases or rolls back to the innermost savepoint of that name.
  const savepoint = {
    begin: sqlite.prepare('SAVEPOINT unit'),
    commit: sqlite.prepare('RELEASE unit'),
    rollback: [sqlite.prepare('ROLLBACK TO unit'), sqlite.prepare('RELEASE unit')],
  };
  const top = { begin: sqlite.prepare('BEGIN IMMEDIATE'), commit: sqlite.prepare('COMMIT'), rollback: [sqlite.prepare('ROLLBACK')] };
  type Steps = typeof top;
  const label = 'a SQLite transaction';

  function queued<T>(run: () => Promise<T>): Promise<T> {
    const next = tail.then(run);
    tail = next.catch(() => undefined);
    return next;
  }

  async function atomically<T>(steps: Steps, hooks: Hooks | undefined, work: () => Promise<T>): Promise<T> {
    steps.begin.run();
    // Only the outermost transaction is a unit of the guard; a savepoint runs inside its window.
    const guard = steps === top ? openUnitOfWork(label, { sharedConnection: true }) : undefined;
    try {
      const result = await (guard ? guard.run(work) : work());
      guard?.checkBeforeCommit();
      steps.commit.run();
      guard?.close();
      if (hooks) runHooks(hooks);
      return result;
    } catch (err) {
      guard?.close();
      if (sqlite.inTransaction) for (const step of steps.rollback) step.run();
      throw err;
    }
  }

  return {
    dialect: 'sqlite',
    db,
    x,
    transaction<T>(work: (x: Executor, unit: Unit) => Promise<T>): Promise<T> {
      const batch = inBatch.getStore();
      // Queued behind itself, a transaction opened inside another would wait for ever.
      if (!batch && insideUnitOfWork()) return Promise.reject(new UnitOfWorkViolation('A transaction was started inside another one'));
      if (!batch) {
        const hooks: Hooks = { fns: [] };
        return queued(() => atomically(top, hooks, () => work(x, unitOf(hooks))));
      }
      const unit = unitOf(batch.hooks);
      if (batch.savepoints) return atomically(savepoint, undefined, () => work(x, unit));
      return work(x, unit).catch((err: unknown) => {
        batch.failed ??= err;
        throw err;
      });
    },
    batch<T>(work: () => Promise<T>, options: BatchOptions = {}): Promise<T> {
      if (inBatch.getStore()) return work();
      const batch = { savepoints: !options.allOrNothing, failed: undefined as unknown, hooks: { fns: [] } as Hooks };
      return queued(() =>
        inBatch.run(batch, () =>
          atomically(top, batch.hooks, async () => {
            const result = await work();
            if (batch.failed !== undefined) throw batch.failed;
            return result;
          }),
        ),
      );
    },
    close: async () => {
      sqlite.close();
    },
  };
}

type PgTx = { client: pg.PoolClient; x: Executor; hooks: Hooks };
type PgBatch = { tx: PgTx; savepoints: boolean; failed?: unknown };

/**
 * Each unit of work checks a client out of the pool and runs BEGIN … COMMIT (READ COMMITTED) on
 * it; units run concurrently, each on its own connection. A unit that fails with a serialization
 * failure or a deadlock (40001, 40P01) runs again, up to `maxAttempts`. `batch()` is one
 * transaction with a SAVEPOINT per unit, as on SQLite; a whole batch is not retried (its caller
 * may have acted on units that then rolled back).
 */
export function pgDatabase(pool: pg.Pool, options: { maxAttempts?: number } = {}): PgDatabase {
  const maxAttempts = options.maxAttempts ?? 3;
  const inBatch = new AsyncLocalStorage<PgBatch>();
  const label = 'a PostgreSQL transaction';

  async function atomically<T>(work: (tx: PgTx) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const tx: PgTx = { client, x: pgExecutor(client), hooks: { fns: [] } };
    let broken: Error | undefined;
    // Queries are real I/O here: the guard keeps the context mark (no outside I/O inside a unit).
    const guard = openUnitOfWork(label, { sharedConnection: false });
    try {
      await client.query('BEGIN');
      const result = await guard.run(() => work(tx));
      guard.checkBeforeCommit();
      await client.query('COMMIT');
      guard.close();
      runHooks(tx.hooks);
      return result;
    } catch (err) {
      guard.close();
      await client.query('ROLLBACK').catch((e: Error) => {
        broken = e;
      });
      throw err;
    } finally {
      // A connection that could not roll back is closed rather than handed to the next unit.
      client.release(broken);
    }
  }

  async function retried<T>(run: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await run();
      } catch (err) {
        if (attempt >= maxAttempts || !isRetryable(err)) throw err;
      }
    }
  }

  async function savepoint<T>(batch: PgBatch, work: (x: Executor, unit: Unit) => Promise<T>): Promise<T> {
    const { client, x, hooks } = batch.tx;
    return retried(async () => {
      await client.query('SAVEPOINT unit');
      try {
        const result = await work(x, unitOf(hooks));
        await client.query('RELEASE SAVEPOINT unit');
        return result;
      } catch (err) {
        await client.query('ROLLBACK TO SAVEPOINT unit');
        await client.query('RELEASE SAVEPOINT unit');
        throw err;
      }
    });
  }

  return {
    dialect: 'pg',
    pool,
    x: pgExecutor(pool),
    transaction<T>(work: (x: Executor, unit: Unit) => Promise<T>): Promise<T> {
      const batch = inBatch.getStore();
      // A unit inside another on a second connection could wait for ever on the first one's locks.
      if (!batch && insideUnitOfWork()) return Promise.reject(new UnitOfWorkViolation('A transaction was started inside another one'));
      if (!batch) return retried(() => atomically((tx) => work(tx.x, unitOf(tx.hooks))));
      if (batch.savepoints) return savepoint(batch, work);
      return work(batch.tx.x, unitOf(batch.tx.hooks)).catch((err: unknown) => {
        batch.failed ??= err;
        throw err;
      });
    },
    batch<T>(work: () => Promise<T>, batchOptions: BatchOptions = {}): Promise<T> {
      if (inBatch.getStore()) return work();
      return atomically(async (tx) => {
        const batch: PgBatch = { tx, savepoints: !batchOptions.allOrNothing, failed: undefined };
        const result = await inBatch.run(batch, work);
        if (batch.failed !== undefined) throw batch.failed;
        return result;
      });
    },
    close: () => pool.end(),
  };
}
