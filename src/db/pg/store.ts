import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import type { BatchOptions, CrmStore, Repos } from '../../crm/store.port.ts';
import { insideUnitOfWork, openUnitOfWork, UnitOfWorkViolation } from '../../lib/unit-of-work.guard.ts';
import { bindRepos, repoMemory } from '../repos/index.ts';
import { pgExecutor } from '../sql/executor.ts';

/**
 * PostgreSQL implementation of the CRM store, on the same repositories as the SQLite one
 * (../repos, through the executor). Each unit of work checks a client out of the pool and runs
 * BEGIN … COMMIT (READ COMMITTED) on it; units run concurrently, each on its own connection.
 * `batch()` is one transaction with a SAVEPOINT per unit, as on SQLite.
 */
export type PgStoreOptions = {
  tombstoneKey: Buffer;
  /** Runs after a commit that erased personal data (the SQLite store truncates its WAL; see db/README.md for PostgreSQL). */
  afterErasure?: () => void;
  /** Attempts of a unit that hit a serialization failure or a deadlock (40001, 40P01), the first included. */
  maxAttempts?: number;
};

/** Errors after which running the unit again can succeed: the server rolled it back to break a conflict. */
const RETRYABLE = new Set(['40001', '40P01']);
export const isRetryable = (err: unknown): boolean => RETRYABLE.has((err as { code?: string } | null)?.code ?? '');

type Tx = { client: pg.PoolClient; repos: Repos; erased: boolean };
type Batch = { tx: Tx; savepoints: boolean; failed?: unknown };

export function createPgStore(pool: pg.Pool, options: PgStoreOptions): CrmStore {
  const memory = repoMemory();
  const maxAttempts = options.maxAttempts ?? 3;
  const inBatch = new AsyncLocalStorage<Batch>();
  const label = 'a PostgreSQL transaction';

  /** A transaction on a client of its own: BEGIN, `work`, COMMIT; ROLLBACK and rethrow on error. */
  async function atomically<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    const client = await pool.connect();
    const tx: Tx = { client, erased: false, repos: undefined as unknown as Repos };
    tx.repos = bindRepos(pgExecutor(client), {
      tombstoneKey: options.tombstoneKey,
      memory,
      onErased: () => {
        tx.erased = true;
      },
    });
    let broken: Error | undefined;
    // Queries are real I/O here: the guard keeps the context mark (no outside I/O inside a unit).
    const guard = openUnitOfWork(label, { sharedConnection: false });
    try {
      await client.query('BEGIN');
      const result = await guard.run(() => work(tx));
      guard.checkBeforeCommit();
      await client.query('COMMIT');
      guard.close();
      if (tx.erased) options.afterErasure?.();
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

  /** A unit inside a batch: a savepoint that rolls back alone (and is retried alone after a deadlock). */
  async function savepoint<T>(batch: Batch, work: (r: Repos) => Promise<T>): Promise<T> {
    const { client, repos } = batch.tx;
    return retried(async () => {
      await client.query('SAVEPOINT unit');
      try {
        const result = await work(repos);
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
    transaction<T>(work: (r: Repos) => Promise<T>): Promise<T> {
      const batch = inBatch.getStore();
      // A unit inside another on a second connection could wait for ever on the first one's locks.
      if (!batch && insideUnitOfWork()) return Promise.reject(new UnitOfWorkViolation('A transaction was started inside another one'));
      if (!batch) return retried(() => atomically((tx) => work(tx.repos)));
      if (batch.savepoints) return savepoint(batch, work);
      return work(batch.tx.repos).catch((err: unknown) => {
        batch.failed ??= err;
        throw err;
      });
    },
    batch<T>(work: () => Promise<T>, batchOptions: BatchOptions = {}): Promise<T> {
      if (inBatch.getStore()) return work();
      // Not retried as a whole: `work` may have acted on the outcome of units that then rolled back.
      return atomically(async (tx) => {
        const batch: Batch = { tx, savepoints: !batchOptions.allOrNothing, failed: undefined };
        const result = await inBatch.run(batch, work);
        if (batch.failed !== undefined) throw batch.failed;
        return result;
      });
    },
  };
}
