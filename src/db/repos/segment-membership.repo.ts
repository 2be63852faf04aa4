import type { SegmentMembershipRepo } from '../../crm/segments/segment-membership.port.ts';
import type { Expr } from '../../crm/segments/segment-query.ast.ts';
import { currencyExponent } from '../../lib/money.ts';
import { compileSegmentQuery } from '../queries/segment-query.sql.ts';
import { segmentsOn } from '../segments.repo.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, type Dialect, type Executor, type Query } from '../sql/executor.ts';

// crm's SegmentMembershipRepo over one executor (a unit of work's), both databases. The compiled
// conditions are db/queries/segment-query.sql.ts's; their texts vary with the account's segments,
// so they are planned per call on PostgreSQL and kept in a small cache of prepared texts.

// A parameter in a SELECT list has no type of its own on PostgreSQL: say it is an instant.
const instant = (d: Dialect) => (d === 'pg' ? 'CAST(:at AS timestamptz)' : ':at');

const q = {
  currency: query('SELECT currency FROM accounts WHERE id = :accountId'),
  segmentsOf: query('SELECT segment_id AS "segmentId" FROM segment_members WHERE account_id = :accountId AND customer_id = :customerId'),
  enter: query(
    (d) => `INSERT INTO segment_members (segment_id, customer_id, account_id, entered_at)
    SELECT CAST(:segmentId AS text), c.id, c.account_id, ${instant(d)} FROM customers c
    WHERE c.account_id = :accountId AND c.id ${sqlOf(d).inArray('customerIds')}
    ON CONFLICT (segment_id, customer_id) DO NOTHING`,
  ),
  leave: query(
    (d) =>
      `DELETE FROM segment_members WHERE account_id = :accountId AND segment_id = :segmentId AND customer_id ${sqlOf(d).inArray('customerIds')}`,
  ),
  members: query(
    (d) => `SELECT customer_id AS id FROM segment_members WHERE account_id = :accountId AND segment_id = :segmentId
      ORDER BY ${sqlOf(d).bytewise('customer_id')}`,
  ),
  count: query('SELECT count(*) AS n FROM segment_members WHERE account_id = :accountId AND segment_id = :segmentId'),
  size: query(`INSERT INTO segment_sizes (segment_id, account_id, day, size) VALUES (:segmentId, :accountId, :day, :size)
    ON CONFLICT (segment_id, day) DO UPDATE SET size = excluded.size`),
  // By primary key: the ids are the unit's own customers, whatever account they belong to.
  accountsOf: query((d) => `SELECT id, account_id AS "accountId" FROM customers WHERE id ${sqlOf(d).inArray('ids')}`),
  noteForSync: query(`INSERT INTO segment_sync_queue (customer_id, account_id, queued_at) VALUES (:customerId, :accountId, :at)
    ON CONFLICT (customer_id) DO NOTHING`),
  requestSyncCheck: query(`INSERT INTO segment_sync_checks (account_id, requested_at) VALUES (:accountId, :at)
    ON CONFLICT (account_id) DO UPDATE SET requested_at = excluded.requested_at`),
  // By primary key or store, like accountsOf: a unit notes whose rows a write changes before it knows the account.
  customerOfIdentity: query('SELECT customer_id AS id FROM customer_identities WHERE id = :id'),
  customerOfOrder: query('SELECT customer_id AS id FROM orders WHERE id = :id'),
  customersOfConnection: query(`SELECT customer_id AS id FROM customer_identities WHERE connection_id = :connectionId
    UNION SELECT customer_id AS id FROM orders WHERE connection_id = :connectionId AND customer_id IS NOT NULL`),
  accountsAfter: query(
    (d) => `SELECT id FROM accounts WHERE ${sqlOf(d).bytewise('id')} > :after ORDER BY ${sqlOf(d).bytewise('id')} LIMIT :limit`,
  ),
};

const BRANCHES_PER_STATEMENT = 100;

// Compiled texts, one Query per text (a SQLite statement is prepared once per text); bounded, as
// every merchant's queries are different texts.
const compiledQueries = new Map<string, Query>();
function compiledQuery(text: string): Query {
  let hit = compiledQueries.get(text);
  if (!hit) {
    if (compiledQueries.size >= 500) compiledQueries.clear();
    compiledQueries.set(text, (hit = query(text, { planEachCall: true })));
  }
  return hit;
}

export function segmentMembershipRepo(x: Executor): SegmentMembershipRepo {
  const segments = segmentsOn(x);
  const compile = async (accountId: string, expr: Expr, now: Date, paramPrefix?: string) => {
    const row = await x.get<{ currency: string }>(q.currency, { accountId });
    return compileSegmentQuery(expr, {
      dialect: x.dialect,
      accountId,
      now,
      currencyExponent: currencyExponent(row?.currency ?? 'USD'),
      paramPrefix,
    });
  };
  return {
    list: (accountId) => segments.list(accountId),
    insert: (segment) => segments.insert(segment),
    update: (accountId, id, patch) => segments.update(accountId, id, patch),
    delete: (accountId, id) => segments.delete(accountId, id),
    async matching(accountId, customerId, list, now) {
      if (list.length === 0) return [];
      const row = await x.get<{ currency: string }>(q.currency, { accountId });
      const exponent = currencyExponent(row?.currency ?? 'USD');
      const matched: string[] = [];
      // One statement per 100 segments (SQLite allows 500 terms in a compound SELECT): a branch per
      // segment, each its compiled condition narrowed to this customer.
      for (let start = 0; start < list.length; start += BRANCHES_PER_STATEMENT) {
        const chunk = list.slice(start, start + BRANCHES_PER_STATEMENT);
        const params: Record<string, unknown> = { accountId, customerId };
        const branches = chunk.map((segment, i) => {
          const sql = compileSegmentQuery(segment.query, {
            dialect: x.dialect,
            accountId,
            now,
            currencyExponent: exponent,
            paramPrefix: `s${i}_`,
            oneCustomer: true,
          });
          Object.assign(params, sql.params);
          return `SELECT ${i} AS i FROM customers c WHERE c.id = :customerId AND ${sql.where}`;
        });
        const rows = await x.all<{ i: number }>(compiledQuery(branches.join('\nUNION ALL\n')), params);
        for (const r of rows) matched.push(chunk[Number(r.i)]!.id);
      }
      return matched;
    },
    async segmentsOf(accountId, customerId) {
      return (await x.all<{ segmentId: string }>(q.segmentsOf, { accountId, customerId })).map((r) => r.segmentId);
    },
    async enter(accountId, segmentId, customerIds, at) {
      if (customerIds.length) await x.run(q.enter, { accountId, segmentId, customerIds, at });
    },
    async leave(accountId, segmentId, customerIds) {
      if (customerIds.length) await x.run(q.leave, { accountId, segmentId, customerIds });
    },
    async evaluate(accountId, expr, now) {
      const { where, params } = await compile(accountId, expr, now);
      const statement = compiledQuery(`SELECT c.id FROM customers c WHERE ${where} ORDER BY ${sqlOf(x.dialect).bytewise('c.id')}`);
      return (await x.all<{ id: string }>(statement, params)).map((r) => r.id);
    },
    async members(accountId, segmentId) {
      return (await x.all<{ id: string }>(q.members, { accountId, segmentId })).map((r) => r.id);
    },
    async refill(accountId, segmentId, expr, now, at) {
      const { where, params } = await compile(accountId, expr, now);
      const all = { ...params, segmentId, at };
      await x.run(
        compiledQuery(`DELETE FROM segment_members WHERE account_id = :accountId AND segment_id = :segmentId
          AND customer_id NOT IN (SELECT c.id FROM customers c WHERE ${where})`),
        all,
      );
      await x.run(
        compiledQuery(`INSERT INTO segment_members (segment_id, customer_id, account_id, entered_at)
          SELECT CAST(:segmentId AS text), c.id, c.account_id, ${instant(x.dialect)} FROM customers c WHERE ${where}
          ON CONFLICT (segment_id, customer_id) DO NOTHING`),
        all,
      );
      return Number((await x.get<{ n: number }>(q.count, { accountId, segmentId }))?.n ?? 0);
    },
    async recordSize(accountId, segmentId, day, size) {
      await x.run(q.size, { accountId, segmentId, day, size });
    },
    async accountsOf(ids) {
      return ids.length ? x.all<{ id: string; accountId: string }>(q.accountsOf, { ids }) : [];
    },
    async noteForSync(accountId, customerId, at) {
      await x.run(q.noteForSync, { accountId, customerId, at });
    },
    async requestSyncCheck(accountId, at) {
      await x.run(q.requestSyncCheck, { accountId, at });
    },
    async customerOfIdentity(id) {
      return (await x.get<{ id: string }>(q.customerOfIdentity, { id }))?.id;
    },
    async customerOfOrder(id) {
      return (await x.get<{ id: string | null }>(q.customerOfOrder, { id }))?.id ?? undefined;
    },
    async customersOfConnection(connectionId) {
      return (await x.all<{ id: string }>(q.customersOfConnection, { connectionId })).map((r) => r.id);
    },
    async accountsAfter(after, limit) {
      return (await x.all<{ id: string }>(q.accountsAfter, { after, limit })).map((r) => r.id);
    },
  };
}
