import type { CrmStore, Repos } from '../crm/store.port.ts';
import type { Db } from './client.ts';
import { complianceRepo } from './repos/compliance.repo.ts';
import { connectionsRepo } from './repos/connections.repo.ts';
import { customersRepo } from './repos/customers.repo.ts';
import { ordersRepo } from './repos/orders.repo.ts';
import { timelineRepo } from './repos/timeline.repo.ts';

/**
 * SQLite implementation of the CRM store. better-sqlite3 is synchronous, so repository promises
 * resolve without yielding to the event loop: no HTTP callback can run inside an open
 * transaction. Units of work are still queued so two of them never interleave.
 */
export function createSqliteStore(db: Db): CrmStore {
  const repos: Repos = {
    customers: customersRepo(db),
    orders: ordersRepo(db),
    timeline: timelineRepo(db),
    compliance: complianceRepo(db),
    connections: connectionsRepo(db),
  };
  const sqlite = db.$client;
  let tail: Promise<unknown> = Promise.resolve();

  async function run<T>(work: (r: Repos) => Promise<T>): Promise<T> {
    sqlite.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(repos);
      sqlite.exec('COMMIT');
      return result;
    } catch (err) {
      if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
      throw err;
    }
  }

  return {
    transaction<T>(work: (r: Repos) => Promise<T>): Promise<T> {
      const next = tail.then(() => run(work));
      tail = next.catch(() => undefined);
      return next;
    },
  };
}
