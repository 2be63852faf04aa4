import type { CrmStore, Repos } from '../crm/store.port.ts';
import { bindRepos, repoMemory } from './repos/index.ts';
import type { SqlDatabase, Unit } from './sql/database.ts';
import type { Executor } from './sql/executor.ts';

/**
 * The CRM store on either database: the repositories of ./repos over the database's units of
 * work (./sql/database.ts). SQLite has one connection, so the repositories are bound once;
 * PostgreSQL binds them to each unit's connection (kept for the savepoints of a batch), and what
 * they cache across units (currencies, parsed program versions) lives in one `repoMemory`.
 */
export type StoreOptions = {
  tombstoneKey: Buffer;
  /**
   * Runs after a commit that erased personal data. On SQLite the WAL still holds the pages as
   * they were before, so runtime.ts has it checkpointed and truncated; see db/README.md for PostgreSQL.
   */
  afterErasure?: () => void;
};

export function createStore(database: SqlDatabase, options: StoreOptions): CrmStore {
  const memory = repoMemory();
  const afterErasure = options.afterErasure ?? (() => undefined);
  type Bound = { repos: Repos; unit?: Unit };
  const bound = new WeakMap<Executor, Bound>();
  const reposFor = (x: Executor, unit: Unit): Repos => {
    let b = bound.get(x);
    if (!b) {
      const entry: Bound = { repos: undefined as unknown as Repos };
      entry.repos = bindRepos(x, {
        tombstoneKey: options.tombstoneKey,
        memory,
        onErased: () => entry.unit?.afterCommit(afterErasure),
      });
      bound.set(x, (b = entry));
    }
    b.unit = unit;
    return b.repos;
  };
  return {
    transaction: (work) => database.transaction((x, unit) => work(reposFor(x, unit))),
    batch: (work, batchOptions) => database.batch(work, batchOptions),
  };
}
