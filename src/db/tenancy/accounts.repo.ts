import { eq } from 'drizzle-orm';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { newId } from '../../lib/ids.ts';
import type { Db } from '../client.ts';
import { accounts } from '../schema/index.ts';

export function createAccounts(db: Db): AccountsPort {
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
