import type { Account, AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { newId } from '../../lib/ids.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { query, type Executor } from '../sql/executor.ts';

const q = {
  insert: query('INSERT INTO accounts (id, name, currency, created_at) VALUES (:id, :name, :currency, :createdAt)'),
  byId: query('SELECT id, name, currency, created_at AS "createdAt" FROM accounts WHERE id = :id'),
};

/** Accounts through `x`: the database's own executor, or a unit of work's (the first owner, a Shopify install). */
export function accountsRepo(x: Executor): AccountsPort {
  return {
    async createAccount(name, currency = 'USD', id = newId('acc')) {
      await x.run(q.insert, { id, name, currency, createdAt: new Date().toISOString() });
      return id;
    },
    getAccount: (id) => x.get<Account>(q.byId, { id }),
  };
}

export function createAccounts(database: SqlDatabase): AccountsPort {
  return accountsRepo(database.x);
}
