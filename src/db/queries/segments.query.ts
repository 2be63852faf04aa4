import type { SegmentMember } from '../../crm/segments/segment-queries.port.ts';
import type { Expr } from '../../crm/segments/segment-query.ast.ts';
import { currencyExponent } from '../../lib/money.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';
import { compileSegmentQuery } from './segment-query.sql.ts';

// Segment membership over the customers table: the compiled condition (segment-query.sql.ts) in a
// count or an id-ordered page. Each text is a new Query, planned per call on PostgreSQL: a
// merchant's queries are many and each is run a few times, so no named statement piles up per
// connection; SQLite prepares it (well under a millisecond beside the scan).

const currencyOf = query('SELECT currency FROM accounts WHERE id = :accountId');

async function compiled(database: SqlDatabase, accountId: string, expr: Expr, now: Date) {
  const row = await database.x.get<{ currency: string }>(currencyOf, { accountId });
  return compileSegmentQuery(expr, {
    dialect: database.dialect,
    accountId,
    now,
    currencyExponent: currencyExponent(row?.currency ?? 'USD'),
  });
}

export async function countSegment(database: SqlDatabase, accountId: string, expr: Expr, now: Date): Promise<number> {
  const { where, params } = await compiled(database, accountId, expr, now);
  const row = await database.x.get<{ n: number }>(
    query(`SELECT count(*) AS n FROM customers c WHERE ${where}`, { planEachCall: true }),
    params,
  );
  return Number(row?.n ?? 0);
}

export async function segmentMembers(
  database: SqlDatabase,
  accountId: string,
  expr: Expr,
  now: Date,
  page: { after?: string; limit: number },
): Promise<SegmentMember[]> {
  const { where, params } = await compiled(database, accountId, expr, now);
  // Ids compare bytewise on both databases (PostgreSQL's collation could order them otherwise).
  const statement = query(
    (d) => {
      const id = sqlOf(d).bytewise('c.id');
      return `SELECT c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.orders_count AS "numberOfOrders",
        c.amount_spent_minor AS "amountSpentMinor", c.currency, c.last_order_at AS "lastOrderAt"
        FROM customers c WHERE ${where} AND ${id} > :after ORDER BY ${id} LIMIT :limit`;
    },
    { planEachCall: true },
  );
  return database.x.all<SegmentMember>(statement, { ...params, after: page.after ?? '', limit: page.limit });
}

// Kept members: the membership rows joined to their customers, by the (segment_id, customer_id) key.
const keptMembersPage = query((d) => {
  const id = sqlOf(d).bytewise('m.customer_id');
  return `SELECT c.id, c.first_name AS "firstName", c.last_name AS "lastName", c.email, c.orders_count AS "numberOfOrders",
    c.amount_spent_minor AS "amountSpentMinor", c.currency, c.last_order_at AS "lastOrderAt"
    FROM segment_members m JOIN customers c ON c.id = m.customer_id AND c.account_id = m.account_id
    WHERE m.account_id = :accountId AND m.segment_id = :segmentId AND ${id} > :after ORDER BY ${id} LIMIT :limit`;
});

export function keptSegmentMembers(
  database: SqlDatabase,
  accountId: string,
  segmentId: string,
  page: { after?: string; limit: number },
): Promise<SegmentMember[]> {
  return database.x.all<SegmentMember>(keptMembersPage, { accountId, segmentId, after: page.after ?? '', limit: page.limit });
}

const sizesOf = query('SELECT day, size FROM segment_sizes WHERE account_id = :accountId AND segment_id = :segmentId ORDER BY day');

export async function segmentSizeHistory(
  database: SqlDatabase,
  accountId: string,
  segmentId: string,
): Promise<{ day: string; size: number }[]> {
  const rows = await database.x.all<{ day: string; size: number }>(sizesOf, { accountId, segmentId });
  return rows.map((r) => ({ day: r.day, size: Number(r.size) }));
}
