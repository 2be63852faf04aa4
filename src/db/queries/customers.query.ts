import type {
  CustomerPage,
  CustomerProfile,
  ExportBatch,
  ExportRow,
  ListedCustomer,
  ProfileOrder,
  ProfileOrderLine,
  SpendElsewhere,
  TimelineRows,
} from '../../crm/customers/customer-queries.port.ts';
import { encodeCursor, type Cursor, type CustomerFilters, type CustomerSort } from '../../crm/customers/customer-list.ts';
import type { AddressRecord, CustomerRecord } from '../../crm/store.port.ts';
import { countedOrderSql } from '../counted-orders.sql.ts';
import { addresses, customers, orders } from '../schema/index.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, queryCache, type Dialect, type Params } from '../sql/executor.ts';
import { rowMapper } from '../sql/statements.ts';

// Read side of the admin API: list, profile and timeline, always scoped by account. One SQL text
// for SQLite and PostgreSQL (db/README.md, "One executor"); the list's statements are built from
// the filters present and kept, one per text.

const statement = queryCache();
// A search's plan depends on its term (a rare one: the trigram index; a common one: the sort
// index). A generic plan, which PostgreSQL settles on after five calls of a prepared statement,
// cannot see the term and walked the sort index filtering every row (75 ms for a rare term at
// 50,000 customers): search statements are planned per call.
const searchStatement = queryCache({ planEachCall: true });

function sortColumn(sort: CustomerSort, d: Dialect): string {
  switch (sort) {
    case 'createdAt':
      return 'customers.created_at';
    case 'updatedAt':
      return 'customers.updated_at';
    case 'lastOrderAt':
      return 'customers.last_order_at';
    case 'firstOrderAt':
      return 'customers.first_order_at';
    case 'amountSpent':
      return 'customers.amount_spent_minor';
    case 'numberOfOrders':
      return 'customers.orders_count';
    case 'name':
      // Byte order on both (SQLite's BINARY), whatever the PostgreSQL database's collation.
      return sqlOf(d).bytewise('customers.search_text');
  }
}

// Nullable sort columns: a customer without orders sorts lowest, as '' in the cursor.
const nullable = (sort: CustomerSort) => sort === 'lastOrderAt' || sort === 'firstOrderAt';

/** Conditions (AND) for the filters present; their values go into `params`. */
export function filterConditions(f: CustomerFilters, d: Dialect, params: Record<string, unknown>): string[] {
  const out: string[] = [];
  // Any of the tags (a customer tagged "vip" or "wholesale").
  if (f.tags?.length) {
    params.tags = f.tags;
    out.push(`EXISTS (SELECT 1 FROM customer_tags t WHERE t.customer_id = customers.id AND t.tag ${sqlOf(d).inArray('tags')})`);
  }
  if (f.tier === 'none')
    out.push('NOT EXISTS (SELECT 1 FROM loyalty_members m WHERE m.customer_id = customers.id AND m.tier_id IS NOT NULL)');
  else if (f.tier) {
    params.tier = f.tier;
    out.push('EXISTS (SELECT 1 FROM loyalty_members m WHERE m.customer_id = customers.id AND m.tier_id = :tier)');
  }
  const bounds: Array<[keyof CustomerFilters, string]> = [
    ['minOrders', 'customers.orders_count >= :minOrders'],
    ['maxOrders', 'customers.orders_count <= :maxOrders'],
    ['minSpentMinor', 'customers.amount_spent_minor >= :minSpentMinor'],
    ['maxSpentMinor', 'customers.amount_spent_minor <= :maxSpentMinor'],
  ];
  for (const [key, condition] of bounds) {
    if (f[key] === undefined) continue;
    params[key] = f[key];
    out.push(condition);
  }
  if (f.lastOrderFrom) {
    params.lastOrderFrom = f.lastOrderFrom;
    out.push('customers.last_order_at >= :lastOrderFrom');
  }
  if (f.lastOrderBefore) {
    params.lastOrderBefore = f.lastOrderBefore;
    out.push('customers.last_order_at < :lastOrderBefore');
  }
  // Paid with this method at least once (counted orders only, as in the stats).
  if (f.paymentMethod) {
    params.paymentMethod = f.paymentMethod;
    out.push(`EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = customers.id AND o.payment_method = :paymentMethod
      AND ${countedOrderSql('o')})`);
  }
  return out;
}

/**
 * A substring of the lower-cased search text. SQLite: LIKE (case-insensitive for ASCII; the term
 * is lower-cased here as the text is). PostgreSQL: ILIKE on `search_text`, the expression the
 * trigram index of migrations/pg/0002 covers (with account_id), case-insensitive beyond ASCII too.
 */
function searchCondition(term: string | undefined, d: Dialect, params: Record<string, unknown>): string | undefined {
  const q = term?.trim().toLowerCase();
  if (!q) return undefined;
  params.search = `%${q.replace(/[%_\\]/g, '')}%`;
  return `customers.search_text ${sqlOf(d).ilike} :search`;
}

type Range = { where: string | undefined; orderBy: string[] };

/** Row-value comparison: SQLite and PostgreSQL both turn `(col, id) < (?, ?)` into an index range. */
const beyond = (col: string, descending: boolean) => `(${col}, customers.id) ${descending ? '<' : '>'} (:afterV, :afterId)`;

/**
 * A page is read as up to two index ranges for a nullable column (the dated customers, then the
 * undated, or the reverse when ascending), so the (account, column, id) index is walked instead of
 * sorting everyone (coalesce() in ORDER BY cost ~80 ms a page at 100,000 customers on SQLite,
 * bench/admin.bench.ts). The ranges also make NULL placement explicit: undated customers come last
 * descending and first ascending on both databases (PostgreSQL alone would put NULLs the other way).
 *
 * `scan`: a substring search matches few rows anywhere in the list; walking the sort index would
 * fetch every row to test it (~70 ms at 100,000). On SQLite a unary `+` keeps it off the index:
 * one sequential scan, then a sort of the matches. PostgreSQL chooses (the trigram index).
 */
function ranges(sort: CustomerSort, d: Dialect, descending: boolean, after: Cursor | undefined, scan: boolean): Range[] {
  const key = (x: string) => `${scan ? sqlOf(d).unindexed(x) : x} ${descending ? 'DESC' : 'ASC'}`;
  const col = sortColumn(sort, d);
  if (!nullable(sort)) return [{ where: after ? beyond(col, descending) : undefined, orderBy: [key(col), key('customers.id')] }];
  const dated: Range = {
    where: [`${col} IS NOT NULL`, ...(after && after.v !== '' ? [beyond(col, descending)] : [])].join(' AND '),
    orderBy: [key(col), key('customers.id')],
  };
  const undated: Range = {
    where: [`${col} IS NULL`, ...(after && after.v === '' ? [`customers.id ${descending ? '<' : '>'} :afterId`] : [])].join(' AND '),
    orderBy: [key('customers.id')],
  };
  if (descending) return after?.v === '' ? [undated] : [dated, undated];
  return after && after.v !== '' ? [dated] : [undated, dated];
}

type ListOptions = { query?: string; sort: CustomerSort; descending: boolean; filters?: CustomerFilters; after?: Cursor };

/** Reads up to `limit` rows of `columns` (plus "sortValue") through the ranges in order. */
async function readList<T extends { id: string; sortValue: string | number | null }>(
  database: SqlDatabase,
  accountId: string,
  columns: string,
  o: ListOptions,
  limit: number,
): Promise<T[]> {
  const d = database.dialect;
  const params: Record<string, unknown> = { accountId };
  const base = [
    'customers.account_id = :accountId',
    searchCondition(o.query, d, params),
    ...filterConditions(o.filters ?? {}, d, params),
  ].filter(Boolean);
  if (o.after) Object.assign(params, { afterV: o.after.v, afterId: o.after.id });
  const col = sortColumn(o.sort, d);
  const out: T[] = [];
  for (const r of ranges(o.sort, d, o.descending, o.after, Boolean(o.query?.trim()))) {
    if (out.length >= limit) break;
    const where = [...base, ...(r.where ? [r.where] : [])].join(' AND ');
    const q = (params.search === undefined ? statement : searchStatement)(
      `SELECT ${columns}, ${col} AS "sortValue" FROM customers WHERE ${where} ORDER BY ${r.orderBy.join(', ')} LIMIT :limit`,
    );
    const rows = await database.x.all<T>(q, { ...params, limit: limit - out.length });
    // A customer without orders sorts as '' in the cursor.
    for (const row of rows) out.push(row.sortValue === null ? { ...row, sortValue: '' } : row);
  }
  return out;
}

const LIST_COLUMNS = `customers.id AS "id", customers.email AS "email", customers.phone AS "phone", customers.first_name AS "firstName",
  customers.last_name AS "lastName", customers.orders_count AS "numberOfOrders", customers.amount_spent_minor AS "amountSpentMinor",
  customers.currency AS "currency", customers.last_order_at AS "lastOrderAt", customers.created_at AS "createdAt",
  customers.updated_at AS "updatedAt"`;

const exportColumns = (d: Dialect) => `customers.id AS "id", customers.email AS "email", customers.phone AS "phone",
  customers.first_name AS "firstName", customers.last_name AS "lastName", customers.orders_count AS "numberOfOrders",
  customers.amount_spent_minor AS "amountSpentMinor", customers.currency AS "currency", customers.first_order_at AS "firstOrderAt",
  customers.last_order_at AS "lastOrderAt", customers.created_at AS "createdAt",
  (SELECT ${sqlOf(d).joined('tag', "', '")} FROM (SELECT DISTINCT tag FROM customer_tags t WHERE t.customer_id = customers.id ORDER BY tag) tags) AS "tags",
  (SELECT ti.name FROM loyalty_members m JOIN tiers ti ON ti.id = m.tier_id WHERE m.customer_id = customers.id) AS "tier"`;

/**
 * One batch of the CSV export (search, filters, order as the list). The export streams batch
 * after batch: no statement stays open while the response waits for the client.
 */
export async function exportBatch(
  database: SqlDatabase,
  accountId: string,
  o: ListOptions & { first: number },
): Promise<ExportBatch & { rows: Array<ExportRow & { sortValue: string | number }> }> {
  const rows = await readList<ExportRow & { sortValue: string | number }>(database, accountId, exportColumns(database.dialect), o, o.first);
  const last = rows.at(-1);
  return { rows, next: rows.length === o.first && last ? { v: last.sortValue, id: last.id } : null };
}

export async function listCustomers(database: SqlDatabase, accountId: string, o: ListOptions & { first: number }): Promise<CustomerPage> {
  const rows = await readList<ListedCustomer>(database, accountId, LIST_COLUMNS, o, o.first + 1);
  const page = rows.slice(0, o.first);
  const last = page.at(-1);
  return { rows: page, hasNextPage: rows.length > o.first, endCursor: last ? encodeCursor({ v: last.sortValue, id: last.id }) : null };
}

const q = {
  spendElsewhere: query(
    (d) => `SELECT customer_id AS "customerId", currency,
      CAST(sum(${sqlOf(d).greatest('total_minor - refunded_minor', '0')}) AS bigint) AS spent
    FROM orders WHERE customer_id ${sqlOf(d).inArray('ids')} AND currency <> :currency AND ${countedOrderSql()}
    GROUP BY customer_id, currency ORDER BY currency`,
  ),
  customerOf: query('SELECT id FROM customers WHERE account_id = :accountId AND id = :id'),
  mergedInto: query('SELECT into_id AS "into" FROM customer_merges WHERE account_id = :accountId AND from_id = :id'),
  customer: query('SELECT * FROM customers WHERE account_id = :accountId AND id = :id'),
  identities: query(`SELECT i.connection_id AS "connectionId", c.name AS "store", c.platform AS "platform", i.external_id AS "externalId",
      i.email AS "email", i.phone AS "phone", i.phone_raw AS "phoneRaw", i.linked_by AS "linkedBy", i.deleted_at AS "deletedAt",
      i.created_at AS "createdAt"
    FROM customer_identities i JOIN connections c ON c.id = i.connection_id
    WHERE i.customer_id = :id ORDER BY i.created_at, i.id`),
  tags: query('SELECT tag FROM customer_tags WHERE customer_id = :id'),
  addresses: query('SELECT * FROM addresses WHERE customer_id = :id ORDER BY last_used_at DESC, id'),
  merges: query(
    'SELECT from_id AS "fromId", reason, merged_at AS "mergedAt" FROM customer_merges WHERE into_id = :id ORDER BY merged_at, from_id',
  ),
  consents: query(
    'SELECT channel, state, source, decided_at AS "decidedAt" FROM customer_consents WHERE customer_id = :id ORDER BY channel',
  ),
  byCurrency: query(
    (d) => `SELECT currency, count(*) AS n, CAST(sum(${sqlOf(d).greatest('total_minor - refunded_minor', '0')}) AS bigint) AS spent
    FROM orders WHERE customer_id = :id AND ${countedOrderSql()} GROUP BY currency ORDER BY currency`,
  ),
  recentOrders: query('SELECT * FROM orders WHERE customer_id = :id ORDER BY placed_at DESC, id DESC LIMIT 50'),
  // The lines of those orders (line_items_order_external: order_id first), in the store's order:
  // both platforms number an order's lines upwards, so shorter ids first, then bytewise.
  orderLines: query(
    (d) => `SELECT order_id AS "orderId", product_id AS "productId", variant_id AS "variantId", sku, title, quantity,
      price_minor AS "priceMinor", total_minor AS "totalMinor"
    FROM line_items WHERE order_id ${sqlOf(d).inArray('orderIds')} ORDER BY order_id, length(external_id), ${sqlOf(d).bytewise('external_id')}`,
  ),
  ownEvent: query('SELECT id FROM timeline_events WHERE id = :afterId AND account_id = :accountId AND customer_id = :customerId'),
};

const customerRow = rowMapper<CustomerRecord>(customers);
const addressRow = rowMapper<AddressRecord>(addresses);
const orderRow = rowMapper<Omit<ProfileOrder, 'lines'>>(orders);

/**
 * What each of these customers spent in currencies other than the account's (a USD store in a PKR
 * account): the stats hold only the reporting currency, and there are no exchange rates to add them.
 */
export async function spendInOtherCurrencies(database: SqlDatabase, customerIds: string[], currency: string): Promise<SpendElsewhere> {
  const out: SpendElsewhere = new Map();
  if (!customerIds.length) return out;
  const rows = await database.x.all<{ customerId: string; currency: string; spent: number }>(q.spendElsewhere, {
    ids: customerIds,
    currency,
  });
  for (const r of rows) out.set(r.customerId, [...(out.get(r.customerId) ?? []), { currency: r.currency, spent: r.spent }]);
  return out;
}

/** Resolves a profile id, following merges (an old id keeps working after two profiles merge). */
export async function resolveCustomerId(database: SqlDatabase, accountId: string, id: string): Promise<string | null> {
  const direct = await database.x.get<{ id: string }>(q.customerOf, { accountId, id });
  if (direct) return direct.id;
  const merged = await database.x.get<{ into: string }>(q.mergedInto, { accountId, id });
  return merged ? resolveCustomerId(database, accountId, merged.into) : null;
}

export async function customerProfile(database: SqlDatabase, accountId: string, id: string): Promise<CustomerProfile | null> {
  const x = database.x;
  const customer = customerRow(await x.get(q.customer, { accountId, id }));
  if (!customer) return null;
  return {
    customer,
    identities: await x.all<CustomerProfile['identities'][number]>(q.identities, { id }),
    tags: [...new Set((await x.all<{ tag: string }>(q.tags, { id })).map((t) => t.tag))].sort(),
    addresses: (await x.all(q.addresses, { id })).map((r) => addressRow(r)!),
    merges: await x.all<CustomerProfile['merges'][number]>(q.merges, { id }),
    byCurrency: await x.all<CustomerProfile['byCurrency'][number]>(q.byCurrency, { id }),
    consents: await x.all<CustomerProfile['consents'][number]>(q.consents, { id }),
    recentOrders: await withLines(
      x,
      (await x.all(q.recentOrders, { id })).map((r) => orderRow(r)!),
    ),
  };
}

async function withLines(x: SqlDatabase['x'], orders: Array<Omit<ProfileOrder, 'lines'>>): Promise<CustomerProfile['recentOrders']> {
  const lines = new Map<string, ProfileOrderLine[]>();
  if (orders.length) {
    const rows = await x.all<ProfileOrderLine & { orderId: string }>(q.orderLines, { orderIds: orders.map((o) => o.id) });
    for (const { orderId, ...line } of rows) {
      const list = lines.get(orderId) ?? [];
      if (!lines.has(orderId)) lines.set(orderId, list);
      list.push({ ...line, quantity: Number(line.quantity), priceMinor: Number(line.priceMinor), totalMinor: Number(line.totalMinor) });
    }
  }
  return orders.map((o) => ({ ...o, lines: lines.get(o.id) ?? [] }));
}

const TIMELINE_COLUMNS = `id, kind, occurred_at AS "occurredAt", subject_type AS "subjectType", subject_id AS "subjectId", data`;

/** A page of the timeline; null when `afterId` is not one of this customer's events (a cursor must not position another's page). */
export async function customerTimeline(
  database: SqlDatabase,
  accountId: string,
  customerId: string,
  first: number,
  afterId?: number,
  kinds?: string[],
): Promise<TimelineRows | null> {
  const x = database.x;
  // A number past 2^53 is no id (and PostgreSQL would refuse its text as a bigint).
  if (afterId !== undefined && (!Number.isSafeInteger(afterId) || !(await x.get(q.ownEvent, { afterId, accountId, customerId }))))
    return null;
  const d = database.dialect;
  const where = [
    'account_id = :accountId AND customer_id = :customerId',
    ...(kinds?.length ? [`kind ${sqlOf(d).inArray('kinds')}`] : []),
    ...(afterId !== undefined ? ['(occurred_at, id) < (SELECT occurred_at, id FROM timeline_events WHERE id = :afterId)'] : []),
  ].join(' AND ');
  const params: Params = { accountId, customerId, kinds, afterId, limit: first + 1 };
  const rows = await x.all<TimelineRows['events'][number]>(
    statement(`SELECT ${TIMELINE_COLUMNS} FROM timeline_events WHERE ${where} ORDER BY occurred_at DESC, id DESC LIMIT :limit`),
    params,
  );
  const page = rows.slice(0, first);
  return { events: page, hasNextPage: rows.length > first, endCursor: page.length ? String(page.at(-1)!.id) : null };
}
