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
