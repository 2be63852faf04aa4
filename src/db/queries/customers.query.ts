import { and, asc, desc, eq, inArray, like, lt, gt, sql, type SQL } from 'drizzle-orm';
import type { ExportRow } from '../../crm/customers/customer-queries.port.ts';
import { encodeCursor, type Cursor, type CustomerFilters, type CustomerSort } from '../../crm/customers/customer-list.ts';
import type { Db } from '../client.ts';
import { countedOrder } from '../counted-orders.sql.ts';
import {
  addresses,
  connections,
  customerIdentities,
  customerMerges,
  customers,
  customerTags,
  orders,
  timelineEvents,
} from '../schema/index.ts';

// Read side of the admin API: list, profile and timeline, always scoped by account.

const sortColumn: Record<CustomerSort, SQL> = {
  createdAt: sql`${customers.createdAt}`,
  updatedAt: sql`${customers.updatedAt}`,
  lastOrderAt: sql`coalesce(${customers.lastOrderAt}, '')`,
  firstOrderAt: sql`coalesce(${customers.firstOrderAt}, '')`,
  amountSpent: sql`${customers.amountSpentMinor}`,
  numberOfOrders: sql`${customers.ordersCount}`,
  name: sql`${customers.searchText}`,
};

function filterConditions(f: CustomerFilters): SQL[] {
  const out: SQL[] = [];
  // Correlated subqueries name `customers.id` in full: drizzle renders a bare "id" inside select fields.
  // Any of the tags (a customer tagged "vip" or "wholesale").
  if (f.tags?.length)
    out.push(
      sql`EXISTS (SELECT 1 FROM ${customerTags} WHERE ${customerTags.customerId} = ${customers.id} AND ${inArray(customerTags.tag, f.tags)})`,
    );
  if (f.tier === 'none')
    out.push(sql`NOT EXISTS (SELECT 1 FROM loyalty_members m WHERE m.customer_id = ${customers.id} AND m.tier_id IS NOT NULL)`);
  else if (f.tier) out.push(sql`EXISTS (SELECT 1 FROM loyalty_members m WHERE m.customer_id = ${customers.id} AND m.tier_id = ${f.tier})`);
  if (f.minOrders !== undefined) out.push(sql`${customers.ordersCount} >= ${f.minOrders}`);
  if (f.maxOrders !== undefined) out.push(sql`${customers.ordersCount} <= ${f.maxOrders}`);
  if (f.minSpentMinor !== undefined) out.push(sql`${customers.amountSpentMinor} >= ${f.minSpentMinor}`);
  if (f.maxSpentMinor !== undefined) out.push(sql`${customers.amountSpentMinor} <= ${f.maxSpentMinor}`);
  if (f.lastOrderFrom) out.push(sql`${customers.lastOrderAt} >= ${f.lastOrderFrom}`);
  if (f.lastOrderBefore) out.push(sql`${customers.lastOrderAt} < ${f.lastOrderBefore}`);
  // Paid with this method at least once (counted orders only, as in the stats).
  if (f.paymentMethod) {
    out.push(sql`EXISTS (SELECT 1 FROM ${orders} o WHERE o.customer_id = ${customers.id} AND o.payment_method = ${f.paymentMethod}
      AND ${countedOrder('o')})`);
  }
  return out;
}

function searchCondition(query: string | undefined): SQL | undefined {
  const q = query?.trim().toLowerCase();
  return q ? like(customers.searchText, `%${q.replace(/[%_\\]/g, '')}%`) : undefined;
}

const exportColumns = {
  id: customers.id,
  email: customers.email,
  phone: customers.phone,
  firstName: customers.firstName,
  lastName: customers.lastName,
  numberOfOrders: customers.ordersCount,
  amountSpentMinor: customers.amountSpentMinor,
  currency: customers.currency,
  firstOrderAt: customers.firstOrderAt,
  lastOrderAt: customers.lastOrderAt,
  createdAt: customers.createdAt,
  tags: sql<
    string | null
  >`(SELECT group_concat(tag, ', ') FROM (SELECT DISTINCT tag FROM customer_tags t WHERE t.customer_id = customers.id ORDER BY tag))`,
  tier: sql<string | null>`(SELECT ti.name FROM loyalty_members m JOIN tiers ti ON ti.id = m.tier_id WHERE m.customer_id = customers.id)`,
};

// Nullable sort columns: a customer without orders sorts lowest, as '' in the cursor. A page is
// read as up to two index ranges (the dated customers, then the undated, or the reverse when
// ascending), so SQLite walks the (account, column, id) index instead of sorting everyone:
// coalesce() in ORDER BY cost ~80 ms a page at 100,000 customers (bench/admin.bench.ts).
const nullableColumn: Partial<Record<CustomerSort, SQL>> = {
  lastOrderAt: sql`${customers.lastOrderAt}`,
  firstOrderAt: sql`${customers.firstOrderAt}`,
};

type Range = { where: SQL | undefined; orderBy: SQL[] };

/** Row-value comparison: SQLite turns `(col, id) < (?, ?)` into an index range. */
const beyond = (col: SQL, descending: boolean, after: Cursor) =>
  descending ? sql`(${col}, ${customers.id}) < (${after.v}, ${after.id})` : sql`(${col}, ${customers.id}) > (${after.v}, ${after.id})`;

/**
 * `scan`: a substring search matches few rows anywhere in the list; walking the sort index would
 * fetch every row to test it (~70 ms at 100,000). A unary `+` keeps SQLite off the index: one
 * sequential scan, then a sort of the matches.
 */
function ranges(sort: CustomerSort, descending: boolean, after: Cursor | undefined, scan = false): Range[] {
  const dir = (x: SQL) => (descending ? desc(scan ? sql`+${x}` : x) : asc(scan ? sql`+${x}` : x));
  const id = sql`${customers.id}`;
  const nullable = nullableColumn[sort];
  if (!nullable)
    return [{ where: after ? beyond(sortColumn[sort], descending, after) : undefined, orderBy: [dir(sortColumn[sort]), dir(id)] }];
  const dated: Range = {
    where: and(sql`${nullable} IS NOT NULL`, after && after.v !== '' ? beyond(nullable, descending, after) : undefined),
    orderBy: [dir(nullable), dir(id)],
  };
  const undated: Range = {
    where: and(
      sql`${nullable} IS NULL`,
      after && after.v === '' ? (descending ? lt(customers.id, after.id) : gt(customers.id, after.id)) : undefined,
    ),
    orderBy: [dir(id)],
  };
  if (descending) return after?.v === '' ? [undated] : [dated, undated];
  return after && after.v !== '' ? [dated] : [undated, dated];
}

/** Reads up to `limit` rows through the ranges in order. */
function readRanges<T>(rs: Range[], limit: number, read: (r: Range, limit: number) => T[]): T[] {
  const out: T[] = [];
  for (const r of rs) {
    if (out.length >= limit) break;
    out.push(...read(r, limit - out.length));
  }
  return out;
}

/**
 * One batch of the CSV export (search, filters, order as the list). The export streams batch
 * after batch: no statement stays open while the response waits for the client, which
 * better-sqlite3 would refuse to share the connection with.
 */
export function exportBatch(
  db: Db,
  accountId: string,
  o: { query?: string; sort: CustomerSort; descending: boolean; filters?: CustomerFilters; after?: Cursor; first: number },
) {
  const col = sortColumn[o.sort];
  const base = and(eq(customers.accountId, accountId), searchCondition(o.query), ...filterConditions(o.filters ?? {}));
  const rows = readRanges(ranges(o.sort, o.descending, o.after, Boolean(o.query?.trim())), o.first, (r, limit) =>
    db
      .select({ ...exportColumns, sortValue: sql<string | number>`${col}` })
      .from(customers)
      .where(and(base, r.where))
      .orderBy(...r.orderBy)
      .limit(limit)
      .all(),
  );
  const last = rows.at(-1);
  return {
    rows: rows as Array<ExportRow & { sortValue: string | number }>,
    next: rows.length === o.first && last ? { v: last.sortValue, id: last.id } : null,
  };
}

export function listCustomers(
  db: Db,
  accountId: string,
  o: { query?: string; sort: CustomerSort; descending: boolean; first: number; after?: Cursor; filters?: CustomerFilters },
) {
  const col = sortColumn[o.sort];
  const base = and(eq(customers.accountId, accountId), searchCondition(o.query), ...filterConditions(o.filters ?? {}));
  const rows = readRanges(ranges(o.sort, o.descending, o.after, Boolean(o.query?.trim())), o.first + 1, (r, limit) =>
    db
      .select({
        id: customers.id,
        email: customers.email,
        phone: customers.phone,
        firstName: customers.firstName,
        lastName: customers.lastName,
        numberOfOrders: customers.ordersCount,
        amountSpentMinor: customers.amountSpentMinor,
        currency: customers.currency,
        lastOrderAt: customers.lastOrderAt,
        createdAt: customers.createdAt,
        updatedAt: customers.updatedAt,
        sortValue: sql<string | number>`${col}`,
      })
      .from(customers)
      .where(and(base, r.where))
      .orderBy(...r.orderBy)
      .limit(limit)
      .all(),
  );
  const page = rows.slice(0, o.first);
  const last = page.at(-1);
  return { rows: page, hasNextPage: rows.length > o.first, endCursor: last ? encodeCursor({ v: last.sortValue, id: last.id }) : null };
}

/**
 * What each of these customers spent in currencies other than the account's (a USD store in a PKR
 * account): the stats hold only the reporting currency, and there are no exchange rates to add them.
 */
export function spendInOtherCurrencies(
  db: Db,
  customerIds: string[],
  currency: string,
): Map<string, Array<{ currency: string; spent: number }>> {
  const out = new Map<string, Array<{ currency: string; spent: number }>>();
  if (!customerIds.length) return out;
  const rows = db.all<{ customerId: string; currency: string; spent: number }>(sql`
    SELECT customer_id AS customerId, currency, sum(max(total_minor - refunded_minor, 0)) AS spent FROM ${orders}
    WHERE customer_id IN (${sql.join(
      customerIds.map((id) => sql`${id}`),
      sql`, `,
    )}) AND currency <> ${currency}
      AND ${countedOrder()}
    GROUP BY customer_id, currency ORDER BY currency`);
  for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), { currency: r.currency, spent: r.spent }]);
  return out;
}

/** Resolves a profile id, following merges (an old id keeps working after two profiles merge). */
export function resolveCustomerId(db: Db, accountId: string, id: string): string | null {
  const direct = db
    .select({ id: customers.id })
    .from(customers)
    .where(and(eq(customers.accountId, accountId), eq(customers.id, id)))
    .get();
  if (direct) return direct.id;
  const merged = db
    .select({ into: customerMerges.intoId })
    .from(customerMerges)
    .where(and(eq(customerMerges.accountId, accountId), eq(customerMerges.fromId, id)))
    .get();
  return merged ? resolveCustomerId(db, accountId, merged.into) : null;
}

export function customerProfile(db: Db, accountId: string, id: string) {
  const c = db
    .select()
    .from(customers)
    .where(and(eq(customers.accountId, accountId), eq(customers.id, id)))
    .get();
  if (!c) return null;
  const identities = db
    .select({
      connectionId: customerIdentities.connectionId,
      store: connections.name,
      platform: connections.platform,
      externalId: customerIdentities.externalId,
      email: customerIdentities.email,
      phone: customerIdentities.phone,
      phoneRaw: customerIdentities.phoneRaw,
      linkedBy: customerIdentities.linkedBy,
      deletedAt: customerIdentities.deletedAt,
      createdAt: customerIdentities.createdAt,
    })
    .from(customerIdentities)
    .innerJoin(connections, eq(connections.id, customerIdentities.connectionId))
    .where(eq(customerIdentities.customerId, id))
    .orderBy(asc(customerIdentities.createdAt))
    .all();
  const tags = [
    ...new Set(
      db
        .select({ tag: customerTags.tag })
        .from(customerTags)
        .where(eq(customerTags.customerId, id))
        .all()
        .map((t) => t.tag),
    ),
  ].sort();
  const addressRows = db.select().from(addresses).where(eq(addresses.customerId, id)).orderBy(desc(addresses.lastUsedAt)).all();
  const merges = db.select().from(customerMerges).where(eq(customerMerges.intoId, id)).all();
  const byCurrency = db.all<{ currency: string; n: number; spent: number }>(sql`
    SELECT currency, count(*) AS n, sum(max(total_minor - refunded_minor, 0)) AS spent FROM ${orders}
    WHERE customer_id = ${id} AND ${countedOrder()} GROUP BY currency`);
  const recentOrders = db.select().from(orders).where(eq(orders.customerId, id)).orderBy(desc(orders.placedAt)).limit(50).all();
  return { customer: c, identities, tags, addresses: addressRows, merges, byCurrency, recentOrders };
}

/** A page of the timeline; null when `afterId` is not one of this customer's events (a cursor must not position another's page). */
export function customerTimeline(db: Db, accountId: string, customerId: string, first: number, afterId?: number, kinds?: string[]) {
  if (afterId !== undefined) {
    const own = db
      .select({ id: timelineEvents.id })
      .from(timelineEvents)
      .where(and(eq(timelineEvents.id, afterId), eq(timelineEvents.accountId, accountId), eq(timelineEvents.customerId, customerId)))
      .get();
    if (!own) return null;
  }
  const rows = db
    .select()
    .from(timelineEvents)
    .where(
      and(
        eq(timelineEvents.accountId, accountId),
        eq(timelineEvents.customerId, customerId),
        kinds?.length ? inArray(timelineEvents.kind, kinds) : undefined,
        afterId !== undefined
          ? sql`(${timelineEvents.occurredAt}, ${timelineEvents.id}) < (SELECT occurred_at, id FROM timeline_events WHERE id = ${afterId})`
          : undefined,
      ),
    )
    .orderBy(desc(timelineEvents.occurredAt), desc(timelineEvents.id))
    .limit(first + 1)
    .all();
  const page = rows.slice(0, first);
  return { events: page, hasNextPage: rows.length > first, endCursor: page.length ? String(page.at(-1)!.id) : null };
}
