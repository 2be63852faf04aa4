import type { CheckoutRecord, CheckoutsRepo } from '../../crm/checkouts/checkouts.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's CheckoutsRepo on either database (schema/checkouts.ts). A row changes only from the status
// and due time its writer read (`save` … WHERE status = :expectedStatus AND due_at IS NOT DISTINCT FROM :expectedDue):
// the pass and a delivery or order racing it change it once.

const COLUMNS = `id, account_id AS "accountId", connection_id AS "connectionId", external_id AS "externalId", token,
  customer_id AS "customerId", recovery_url AS "recoveryUrl", currency, total_minor AS "totalMinor", items, status,
  due_at AS "dueAt", skip_reason AS "skipReason", message_id AS "messageId", messaged_at AS "messagedAt", order_id AS "orderId",
  recovered_minor AS "recoveredMinor", completed_at AS "completedAt", source_updated_at AS "sourceUpdatedAt",
  created_at AS "createdAt", updated_at AS "updatedAt"`;

const q = {
  byExternal: query(`SELECT ${COLUMNS} FROM checkouts WHERE connection_id = :connectionId AND external_id = :externalId`),
  byToken: query(`SELECT ${COLUMNS} FROM checkouts WHERE connection_id = :connectionId AND token = :token LIMIT 1`),
  insert: query(`INSERT INTO checkouts (id, account_id, connection_id, external_id, token, customer_id, recovery_url, currency,
      total_minor, items, status, due_at, skip_reason, message_id, messaged_at, order_id, recovered_minor, completed_at,
      source_updated_at, created_at, updated_at)
    VALUES (:id, :accountId, :connectionId, :externalId, :token, :customerId, :recoveryUrl, :currency, :totalMinor, :items, :status,
      :dueAt, :skipReason, :messageId, :messagedAt, :orderId, :recoveredMinor, :completedAt, :sourceUpdatedAt, :createdAt, :updatedAt)
    ON CONFLICT (connection_id, external_id) DO NOTHING`),
  save: query(`UPDATE checkouts SET token = :token, customer_id = :customerId, recovery_url = :recoveryUrl, currency = :currency,
      total_minor = :totalMinor, items = :items, status = :status, due_at = :dueAt, skip_reason = :skipReason, message_id = :messageId,
      messaged_at = :messagedAt, order_id = :orderId, recovered_minor = :recoveredMinor, completed_at = :completedAt,
      source_updated_at = :sourceUpdatedAt, updated_at = :updatedAt
    WHERE account_id = :accountId AND id = :id AND status = :expectedStatus
      AND due_at IS NOT DISTINCT FROM :expectedDue`),
  // The (status, due_at) index: a range of open rows, never the table.
  due: query(`SELECT ${COLUMNS} FROM checkouts WHERE status = 'open' AND due_at <= :now ORDER BY due_at, id LIMIT :limit`),
  messagedSince: query(`SELECT 1 AS hit FROM checkouts WHERE customer_id = :customerId AND messaged_at >= :since
    AND account_id = :accountId LIMIT 1`),
};

type Row = Omit<CheckoutRecord, 'totalMinor' | 'recoveredMinor'> & { totalMinor: number | string; recoveredMinor: number | string | null };
const toRecord = (r: Row | undefined): CheckoutRecord | undefined =>
  r && { ...r, totalMinor: Number(r.totalMinor), recoveredMinor: r.recoveredMinor === null ? null : Number(r.recoveredMinor) };

export function checkoutsRepo(x: Executor): CheckoutsRepo {
  return {
    async find(connectionId, externalId, token) {
      const byId = externalId ? await x.get<Row>(q.byExternal, { connectionId, externalId }) : undefined;
      if (byId) return toRecord(byId);
      return token ? toRecord(await x.get<Row>(q.byToken, { connectionId, token })) : undefined;
    },
    async insert(c) {
      await x.run(q.insert, c);
    },
    async save(c, expected) {
      return (await x.run(q.save, { ...c, expectedStatus: expected.status, expectedDue: expected.dueAt })) > 0;
    },
    async due(now, limit) {
      return (await x.all<Row>(q.due, { now, limit })).map((r) => toRecord(r)!);
    },
    async messagedSince(accountId, customerId, since) {
      return !!(await x.get<{ hit: number }>(q.messagedSince, { accountId, customerId, since }));
    },
  };
}
