import type { AnalyticsQueries } from '../crm/analytics/analytics-queries.port.ts';
import type { DataRequestQueries } from '../crm/compliance/data-requests.port.ts';
import type { CustomerNotesRepo } from '../crm/customers/customer-notes.port.ts';
import type { CustomerQueries } from '../crm/customers/customer-queries.port.ts';
import type { Db } from './client.ts';
import { actorNames } from './queries/actors.query.ts';
import { dailyRevenue, kpis } from './queries/analytics.query.ts';
import { addNote, addTags, listNotes, ownCustomerIds, setTags } from './queries/customer-notes.query.ts';
import { customerProfile, customerTimeline, exportBatch, listCustomers, resolveCustomerId, spendInOtherCurrencies } from './queries/customers.query.ts';
import { dataRequestExport, listDataRequests } from './queries/data-requests.query.ts';

// The SQLite read models behind crm's query ports (and the notes repo): each closes the query
// functions of queries/ over the database handle, so nothing above db/ ever holds it.

export function createCustomerQueries(db: Db): CustomerQueries {
  return {
    resolveId: (accountId, id) => resolveCustomerId(db, accountId, id),
    list: (accountId, o) => listCustomers(db, accountId, o),
    spendElsewhere: (ids, currency) => spendInOtherCurrencies(db, ids, currency),
    profile: (accountId, id) => customerProfile(db, accountId, id),
    timeline: (accountId, id, first, afterId, kinds) => customerTimeline(db, accountId, id, first, afterId, kinds),
    exportBatch: (accountId, o) => exportBatch(db, accountId, o),
    actorNames: (accountId, actors) => actorNames(db, accountId, actors),
  };
}

export function createCustomerNotesRepo(db: Db): CustomerNotesRepo {
  return {
    listNotes: (customerId) => listNotes(db, customerId),
    addNote: (accountId, customerId, body, author, at) => addNote(db, accountId, customerId, body, author, at),
    setTags: (accountId, customerId, wanted) => setTags(db, accountId, customerId, wanted),
    addTags: (accountId, ids, tags) => addTags(db, accountId, ids, tags),
    ownCustomerIds: (accountId, ids) => ownCustomerIds(db, accountId, ids),
  };
}

export function createAnalyticsQueries(db: Db): AnalyticsQueries {
  return {
    kpis: (accountId, currency, from, to) => kpis(db, accountId, currency, from, to),
    dailyRevenue: (accountId, currency, from, to) => dailyRevenue(db, accountId, currency, from, to),
  };
}

export function createDataRequestQueries(db: Db): DataRequestQueries {
  return {
    list: (accountId, limit) => listDataRequests(db, accountId, limit),
    exportOf: (accountId, id) => dataRequestExport(db, accountId, id),
  };
}
