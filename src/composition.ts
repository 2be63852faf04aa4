import type { AnalyticsQueries } from './crm/analytics/analytics-queries.port.ts';
import type { DataRequestQueries } from './crm/compliance/data-requests.port.ts';
import { createCustomerNotes, type CustomerNotes } from './crm/customers/customer-notes.service.ts';
import type { CustomerQueries } from './crm/customers/customer-queries.port.ts';
import type { AccountsPort } from './crm/tenancy/accounts.port.ts';
import type { ConnectionsPort } from './crm/tenancy/connections.port.ts';
import type { StaffAuthPort } from './crm/tenancy/staff-auth.port.ts';
import type { Db } from './db/client.ts';
import { createAnalyticsQueries, createCustomerNotesRepo, createCustomerQueries, createDataRequestQueries } from './db/read-models.ts';
import type { Tenancy } from './db/tenancy.repo.ts';
import { createIpHasher } from './lib/ip-hash.ts';

// What the HTTP edge reads and writes through besides the CRM store: crm's ports and services,
// here given their SQLite implementations. The one place that hands them concrete adapters.

export type AppPorts = {
  accounts: AccountsPort;
  connections: ConnectionsPort;
  staffAuth: StaffAuthPort;
  /** Keyed hash of a shopper's IP (referral limits). */
  ipHash: (ip: string) => string;
  customers: CustomerQueries;
  customerNotes: CustomerNotes;
  analytics: AnalyticsQueries;
  dataRequests: DataRequestQueries;
};

export function createAppPorts(db: Db, tenancy: Tenancy, encryptionKey: Buffer): AppPorts {
  const customers = createCustomerQueries(db);
  return {
    accounts: tenancy, connections: tenancy, staffAuth: tenancy, ipHash: createIpHasher(encryptionKey),
    customers,
    customerNotes: createCustomerNotes({ notes: createCustomerNotesRepo(db), queries: customers }),
    analytics: createAnalyticsQueries(db),
    dataRequests: createDataRequestQueries(db),
  };
}
