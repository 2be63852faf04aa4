import type { AnalyticsQueriesPort } from '../crm/analytics/analytics-queries.port.ts';
import type { DataRequestsPort } from '../crm/compliance/data-requests.port.ts';
import type { CustomerNotesPort } from '../crm/customers/customer-notes.port.ts';
import type { CustomerQueriesPort } from '../crm/customers/customer-queries.port.ts';
import type { Db } from './client.ts';
import { actorNames } from './queries/actors.query.ts';
import { dailyRevenue, kpis } from './queries/analytics.query.ts';
import { addNote, addTags, listNotes, ownCustomerIds, setTags } from './queries/customer-notes.query.ts';
import {
  customerProfile,
  customerTimeline,
  exportBatch,
  listCustomers,
  resolveCustomerId,
  spendInOtherCurrencies,
} from './queries/customers.query.ts';
import { dataRequestExport, listDataRequests } from './queries/data-requests.query.ts';

// The SQLite read models behind crm's query ports (and the notes port): each closes the query
// functions of queries/ over the database handle, so nothing above db/ ever holds it. The
// queries run synchronously (better-sqlite3); the ports hand their results out as promises.

export function createCustomerQueries(db: Db): CustomerQueriesPort {
  return {
    resolveId: async (accountId, id) => resolveCustomerId(db, accountId, id),
    list: async (accountId, o) => listCustomers(db, accountId, o),
    spendElsewhere: async (ids, currency) => spendInOtherCurrencies(db, ids, currency),
    profile: async (accountId, id) => customerProfile(db, accountId, id),
    timeline: async (accountId, id, first, afterId, kinds) => customerTimeline(db, accountId, id, first, afterId, kinds),
    exportBatch: async (accountId, o) => exportBatch(db, accountId, o),
    actorNames: async (accountId, actors) => actorNames(db, accountId, actors),
  };
}

export function createCustomerNotesRepo(db: Db): CustomerNotesPort {
  return {
    listNotes: async (customerId) => listNotes(db, customerId),
    addNote: async (accountId, customerId, body, author, at) => addNote(db, accountId, customerId, body, author, at),
    setTags: async (accountId, customerId, wanted) => setTags(db, accountId, customerId, wanted),
    addTags: async (accountId, ids, tags) => addTags(db, accountId, ids, tags),
    ownCustomerIds: async (accountId, ids) => ownCustomerIds(db, accountId, ids),
  };
}

export function createAnalyticsQueries(db: Db): AnalyticsQueriesPort {
  return {
    kpis: async (accountId, currency, from, to) => kpis(db, accountId, currency, from, to),
    dailyRevenue: async (accountId, currency, from, to) => dailyRevenue(db, accountId, currency, from, to),
  };
}

export function createDataRequestQueries(db: Db): DataRequestsPort {
  return {
    list: async (accountId, limit) => listDataRequests(db, accountId, limit),
    exportOf: async (accountId, id) => dataRequestExport(db, accountId, id),
  };
}
