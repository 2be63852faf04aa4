import type { Db } from './client.ts';
import { createAccounts } from './tenancy/accounts.repo.ts';
import { createConnections } from './tenancy/connections.repo.ts';
import { createStaffAuth } from './tenancy/staff-auth.repo.ts';

// Accounts, store connections and staff logins together, for the composition root, the CLI, the
// demo and tests. Everything past the composition root gets the one port it needs
// (crm/tenancy/*.port.ts); IP hashing is lib/ip-hash.ts.

export type { Connection, ConnectionSecrets, ConnectionStatus, NewConnection } from '../crm/tenancy/connections.port.ts';

export function createTenancy(db: Db, key: Buffer) {
  return { ...createAccounts(db), ...createConnections(db, key), ...createStaffAuth(db) };
}

export type Tenancy = ReturnType<typeof createTenancy>;
