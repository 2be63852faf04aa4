import { eq } from 'drizzle-orm';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../client.ts';
import { resolved, type Synchronous } from '../resolved.ts';
import { accounts } from '../schema/index.ts';

/** Synchronous, for db's own transactions (the first owner, a Shopify install). */
export function accountRows(db: Db): Synchronous<AccountsPort> {
  return {
    createAccount(name, currency = 'USD', id = newId('acc')) {
      db.insert(accounts).values({ id, name, currency, createdAt: new Date().toISOString() }).run();
      return id;
    },
    getAccount(id) {
      return db.select().from(accounts).where(eq(accounts.id, id)).get();
    },
  };
}

export function createAccounts(db: Db): AccountsPort {
  return resolved<AccountsPort>(accountRows(db));
}
