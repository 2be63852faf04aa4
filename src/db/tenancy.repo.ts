import type { SqlDatabase } from './sql/database.ts';
import { createAccounts } from './tenancy/accounts.repo.ts';
import { createConnections, type ConnectionsMemory } from './tenancy/connections.repo.ts';
import { createStaffAuth } from './tenancy/staff-auth.repo.ts';

// Accounts, store connections and staff logins together, for the composition root, the CLI, the
// demo and tests, on either database. Everything past the composition root gets the one port it
// needs (crm/tenancy/*.port.ts); IP hashing is lib/ip-hash.ts.

export type { Connection, ConnectionSecrets, ConnectionStatus, NewConnection } from '../crm/tenancy/connections.port.ts';

/** `memory`: the connections' sealed rows and opened webhook secrets, to share with a Shopify install's units of work. */
export function createTenancy(database: SqlDatabase, key: Buffer, memory?: ConnectionsMemory) {
  return { ...createAccounts(database), ...createConnections(database, key, memory), ...createStaffAuth(database) };
}

export type Tenancy = ReturnType<typeof createTenancy>;
