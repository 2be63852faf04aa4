import { and, asc, desc, eq, inArray, like, lt, gt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../client.ts';
import { addresses, connections, customerIdentities, customerMerges, customers, customerTags, orders, timelineEvents } from '../schema/index.ts';

// Read side of the admin API: list, profile and timeline, always scoped by account.

export const customerSorts = ['createdAt', 'updatedAt', 'lastOrderAt', 'firstOrderAt', 'amountSpent', 'numberOfOrders', 'name'] as const;
export type CustomerSort = (typeof customerSorts)[number];

const sortColumn: Record<CustomerSort, SQL> = {
  createdAt: sql`${customers.createdAt}`,
  updatedAt: sql`${customers.updatedAt}`,
  lastOrderAt: sql`coalesce(${customers.lastOrderAt}, '')`,
  firstOrderAt: sql`coalesce(${customers.firstOrderAt}, '')`,
  amountSpent: sql`${customers.amountSpentMinor}`,
  numberOfOrders: sql`${customers.ordersCount}`,
  name: sql`${customers.searchText}`,
};

export type Cursor = { v: string | number; id: string };
export const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify([c.v, c.id])).toString('base64url');
export function decodeCursor(s: string): Cursor | null {
  try {
    const [v, id] = JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as [unknown, unknown];
    return (typeof v === 'string' || typeof v === 'number') && typeof id === 'string' ? { v, id } : null;
  } catch {
    return null;
  }
}

export function listCustomers(db: Db, accountId: string, o: { query?: string; sort: CustomerSort; descending: boolean; first: number; after?: Cursor }) {
  const col = sortColumn[o.sort];
  const q = o.query?.trim().toLowerCase();
  const after = o.after;
  const keyset = after
    ? o.descending
      ? or(lt(col, after.v), and(eq(col, after.v), lt(customers.id, after.id)))
      : or(gt(col, after.v), and(eq(col, after.v), gt(customers.id, after.id)))
    : undefined;
  const rows = db.select({
    id: customers.id, email: customers.email, phone: customers.phone, firstName: customers.firstName, lastName: customers.lastName,
    numberOfOrders: customers.ordersCount, amountSpentMinor: customers.amountSpentMinor, currency: customers.currency,
    lastOrderAt: customers.lastOrderAt, createdAt: customers.createdAt, updatedAt: customers.updatedAt, sortValue: sql<string | number>`${col}`,
  }).from(customers)
    .where(and(eq(customers.accountId, accountId), q ? like(customers.searchText, `%${q.replace(/[%_\\]/g, '')}%`) : undefined, keyset))
    .orderBy(o.descending ? desc(col) : asc(col), o.descending ? desc(customers.id) : asc(customers.id))
    .limit(o.first + 1).all();
  const page = rows.slice(0, o.first);
  const last = page.at(-1);
  return { rows: page, hasNextPage: rows.length > o.first, endCursor: last ? encodeCursor({ v: last.sortValue, id: last.id }) : null };
}

/** Resolves a profile id, following merges (an old id keeps working after two profiles merge). */
export function resolveCustomerId(db: Db, accountId: string, id: string): string | null {
  const direct = db.select({ id: customers.id }).from(customers).where(and(eq(customers.accountId, accountId), eq(customers.id, id))).get();
  if (direct) return direct.id;
  const merged = db.select({ into: customerMerges.intoId }).from(customerMerges)
    .where(and(eq(customerMerges.accountId, accountId), eq(customerMerges.fromId, id))).get();
  return merged ? resolveCustomerId(db, accountId, merged.into) : null;
}

export function customerProfile(db: Db, accountId: string, id: string) {
  const c = db.select().from(customers).where(and(eq(customers.accountId, accountId), eq(customers.id, id))).get();
  if (!c) return null;
  const identities = db.select({
    connectionId: customerIdentities.connectionId, store: connections.name, platform: connections.platform, externalId: customerIdentities.externalId,
    email: customerIdentities.email, phone: customerIdentities.phone, linkedBy: customerIdentities.linkedBy, deletedAt: customerIdentities.deletedAt,
    createdAt: customerIdentities.createdAt,
  }).from(customerIdentities).innerJoin(connections, eq(connections.id, customerIdentities.connectionId))
    .where(eq(customerIdentities.customerId, id)).orderBy(asc(customerIdentities.createdAt)).all();
  const tags = [...new Set(db.select({ tag: customerTags.tag }).from(customerTags).where(eq(customerTags.customerId, id)).all().map((t) => t.tag))].sort();
  const addressRows = db.select().from(addresses).where(eq(addresses.customerId, id)).orderBy(desc(addresses.lastUsedAt)).all();
  const merges = db.select().from(customerMerges).where(eq(customerMerges.intoId, id)).all();
  const byCurrency = db.all<{ currency: string; n: number; spent: number }>(sql`
    SELECT currency, count(*) AS n, sum(max(total_minor - refunded_minor, 0)) AS spent FROM ${orders}
    WHERE customer_id = ${id} AND cancelled_at IS NULL AND deleted_at IS NULL AND test = 0 GROUP BY currency`);
  const recentOrders = db.select().from(orders).where(eq(orders.customerId, id)).orderBy(desc(orders.placedAt)).limit(50).all();
  return { customer: c, identities, tags, addresses: addressRows, merges, byCurrency, recentOrders };
}

export function customerTimeline(db: Db, accountId: string, customerId: string, first: number, afterId?: number, kinds?: string[]) {
  const rows = db.select().from(timelineEvents)
    .where(and(
      eq(timelineEvents.accountId, accountId), eq(timelineEvents.customerId, customerId),
      kinds?.length ? inArray(timelineEvents.kind, kinds) : undefined,
      afterId !== undefined ? sql`(${timelineEvents.occurredAt}, ${timelineEvents.id}) < (SELECT occurred_at, id FROM timeline_events WHERE id = ${afterId})` : undefined,
    ))
    .orderBy(desc(timelineEvents.occurredAt), desc(timelineEvents.id)).limit(first + 1).all();
  const page = rows.slice(0, first);
  return { events: page, hasNextPage: rows.length > first, endCursor: page.length ? String(page.at(-1)!.id) : null };
}
