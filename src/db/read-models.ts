import type { AnalyticsQueriesPort } from '../crm/analytics/analytics-queries.port.ts';
import type { AnalyticsReportsPort } from '../crm/analytics/analytics-reports.port.ts';
import type { DataRequestsPort } from '../crm/compliance/data-requests.port.ts';
import type { CustomerNotesPort } from '../crm/customers/customer-notes.port.ts';
import type { CustomerQueriesPort } from '../crm/customers/customer-queries.port.ts';
import type { SegmentQueriesPort } from '../crm/segments/segment-queries.port.ts';
import { actorNames } from './queries/actors.query.ts';
import { dailyRevenue, kpis } from './queries/analytics.query.ts';
import { cod } from './queries/cod.query.ts';
import { customerValue } from './queries/customer-value.query.ts';
import { loyaltyRoi } from './queries/loyalty-roi.query.ts';
import { boughtTogether, returningProducts, topProducts } from './queries/products.query.ts';
import { repeatPurchase } from './queries/repeat-purchase.query.ts';
import { retention } from './queries/retention.query.ts';
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
import { countSegment, keptSegmentMembers, segmentMembers, segmentSizeHistory } from './queries/segments.query.ts';
import type { SqlDatabase } from './sql/database.ts';

export { createMessageQueries } from './queries/messages.query.ts';

// The read models behind crm's query ports (and the notes port), on SQLite or PostgreSQL: each
// closes the query functions of queries/ over the database handle, so nothing above db/ ever
// holds it.

export function createCustomerQueries(database: SqlDatabase): CustomerQueriesPort {
  return {
    resolveId: (accountId, id) => resolveCustomerId(database, accountId, id),
    list: (accountId, o) => listCustomers(database, accountId, o),
    spendElsewhere: (ids, currency) => spendInOtherCurrencies(database, ids, currency),
    profile: (accountId, id) => customerProfile(database, accountId, id),
    timeline: (accountId, id, first, afterId, kinds) => customerTimeline(database, accountId, id, first, afterId, kinds),
    exportBatch: (accountId, o) => exportBatch(database, accountId, o),
    actorNames: (accountId, actors) => actorNames(database, accountId, actors),
  };
}

export function createCustomerNotesRepo(database: SqlDatabase): CustomerNotesPort {
  return {
    listNotes: (customerId) => listNotes(database, customerId),
    addNote: (accountId, customerId, body, author, at) => addNote(database, accountId, customerId, body, author, at),
    setTags: (accountId, customerId, wanted) => setTags(database, accountId, customerId, wanted),
    addTags: (accountId, ids, tags) => addTags(database, accountId, ids, tags),
    ownCustomerIds: (accountId, ids) => ownCustomerIds(database, accountId, ids),
  };
}

export function createAnalyticsQueries(database: SqlDatabase): AnalyticsQueriesPort {
  return {
    kpis: (accountId, currency, from, to) => kpis(database, accountId, currency, from, to),
    dailyRevenue: (accountId, currency, from, to) => dailyRevenue(database, accountId, currency, from, to),
  };
}

export function createAnalyticsReports(database: SqlDatabase): AnalyticsReportsPort {
  return {
    retention: (p, months, asOf) => retention(database, p, months, asOf),
    repeatPurchase: (p) => repeatPurchase(database, p),
    loyaltyRoi: (p) => loyaltyRoi(database, p),
    cod: (p) => cod(database, p),
    customerValue: (accountId, currency) => customerValue(database, accountId, currency),
    topProducts: (p, o) => topProducts(database, p, o),
    returningProducts: (p, o) => returningProducts(database, p, o),
    boughtTogether: (p, o) => boughtTogether(database, p, o),
  };
}

export function createDataRequestQueries(database: SqlDatabase): DataRequestsPort {
  return {
    list: (accountId, limit) => listDataRequests(database, accountId, limit),
    exportOf: (accountId, id) => dataRequestExport(database, accountId, id),
  };
}

export function createSegmentQueries(database: SqlDatabase): SegmentQueriesPort {
  return {
    count: (accountId, expr, now) => countSegment(database, accountId, expr, now),
    members: (accountId, expr, now, page) => segmentMembers(database, accountId, expr, now, page),
    keptMembers: (accountId, segmentId, page) => keptSegmentMembers(database, accountId, segmentId, page),
    sizes: (accountId, segmentId) => segmentSizeHistory(database, accountId, segmentId),
  };
}
