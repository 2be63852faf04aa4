import { AsyncLocalStorage } from 'node:async_hooks';
import type { BatchOptions, CrmStore, Repos } from '../crm/store.port.ts';
import type { Db } from './client.ts';
import { insideUnitOfWork, openUnitOfWork, UnitOfWorkViolation } from '../lib/unit-of-work.guard.ts';
import { bindRepos, repoMemory } from './repos/index.ts';
import { sqliteExecutor } from './sql/executor.ts';

/**
 * SQLite implementation of the CRM store. better-sqlite3 is synchronous, so repository promises
 * resolve without yielding to the event loop: no HTTP callback can run inside an open
 * transaction, as long as the unit awaits nothing else. The unit-of-work guard
 * (lib/unit-of-work.guard.ts) enforces that; see db/README.md. Units of work are still queued so
 * two of them never interleave.
 *
 * A commit rewrites every page a unit touched, so the inbox worker groups deliveries with
 * `batch()`: one commit for many units, each unit a savepoint that can roll back alone.
 */
type SqliteStoreOptions = {
  tombstoneKey: Buffer;
  /**
   * Runs after a commit that erased personal data: the WAL still holds the pages as they were
   * before, so it must be checkpointed and truncated (runtime.ts asks the checkpointer thread).
   */
  afterErasure?: () => void;
};

export function createSqliteStore(db: Db, options: SqliteStoreOptions): CrmStore {
  let erasedSinceCommit = false;
  const repos: Repos = bindRepos(sqliteExecutor(db.$client), {
    tombstoneKey: options.tombstoneKey,
    memory: repoMemory(),
    onErased: () => {
      erasedSinceCommit = true;
    },
  });
  const sqlite = db.$client;
  // `failed` poisons an all-or-nothing batch: a unit's partial writes have no savepoint to undo
  // them, so the whole batch rolls back even when the caller caught the unit's error.
  const inBatch = new AsyncLocalStorage<{ savepoints: boolean; failed?: unknown }>();
  let tail: Promise<unknown> = Promise.resolve();
  // Prepared once: a batch opens and releases a savepoint per delivery. One name serves every
  // level, since SQLite releases or rolls back to the innermost savepoint of that name.
  const unit = {
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

  async function atomically<T>(steps: Steps, work: () => Promise<T>): Promise<T> {
    steps.begin.run();
    // Only the outermost transaction is a unit of the guard; a savepoint runs inside its window.
    const guard = steps === top ? openUnitOfWork(label, { sharedConnection: true }) : undefined;
    try {
      const result = await (guard ? guard.run(work) : work());
      guard?.checkBeforeCommit();
      steps.commit.run();
      guard?.close();
      if (erasedSinceCommit && !sqlite.inTransaction) {
        erasedSinceCommit = false;
        options.afterErasure?.();
      }
      return result;
    } catch (err) {
      guard?.close();
      if (sqlite.inTransaction) for (const step of steps.rollback) step.run();
      throw err;
    }
  }

  return {
    transaction<T>(work: (r: Repos) => Promise<T>): Promise<T> {
      const batch = inBatch.getStore();
      // Queued behind itself, a transaction opened inside another would wait for ever.
      if (!batch && insideUnitOfWork()) return Promise.reject(new UnitOfWorkViolation('A transaction was started inside another one'));
      if (!batch) return queued(() => atomically(top, () => work(repos)));
      if (batch.savepoints) return atomically(unit, () => work(repos));
      return work(repos).catch((err: unknown) => {
        batch.failed ??= err;
        throw err;
      });
    },
    batch<T>(work: () => Promise<T>, options: BatchOptions = {}): Promise<T> {
      if (inBatch.getStore()) return work();
      const batch = { savepoints: !options.allOrNothing, failed: undefined as unknown };
      return queued(() =>
        inBatch.run(batch, () =>
          atomically(top, async () => {
            const result = await work();
            if (batch.failed !== undefined) throw batch.failed;
            return result;
          }),
        ),
      );
    },
  };
}
