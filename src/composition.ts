import { createCustomerNotes } from './crm/customers/customer-notes.service.ts';
import type { Db } from './db/client.ts';
import { createOnboardingRepo } from './db/onboarding.repo.ts';
import { createAnalyticsQueries, createCustomerNotesRepo, createCustomerQueries, createDataRequestQueries } from './db/read-models.ts';
import type { Tenancy } from './db/tenancy.repo.ts';
import type { AppPorts } from './http/app.ts';
import { createIpHasher } from './lib/ip-hash.ts';

// The ports and read models the HTTP edge asks for (AppPorts, declared by http/app.ts), given
// their SQLite implementations: the one place that hands them concrete adapters.

export function createAppPorts(db: Db, tenancy: Tenancy, encryptionKey: Buffer): AppPorts {
  const customers = createCustomerQueries(db);
  return {
    accounts: tenancy,
    connections: tenancy,
    staffAuth: tenancy,
    ipHash: createIpHasher(encryptionKey),
    customers,
    customerNotes: createCustomerNotes({ notes: createCustomerNotesRepo(db), queries: customers }),
    analytics: createAnalyticsQueries(db),
    dataRequests: createDataRequestQueries(db),
    onboarding: createOnboardingRepo(db),
  };
}
