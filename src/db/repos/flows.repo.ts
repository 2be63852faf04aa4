import type { FlowKind, FlowOptions, FlowSetting } from '../../crm/flows/flow-kinds.ts';
import type { FlowsRepo } from '../../crm/flows/flows.port.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's FlowsRepo on either database: `flows` by primary key (account, kind), skip counts upserted
// per (account, kind, UTC day, reason).

const COLUMNS = `kind, enabled, template_id AS "templateId", delay_minutes AS "delayMinutes", options, updated_at AS "updatedAt"`;

type Row = { kind: string; enabled: number | boolean; templateId: string | null; delayMinutes: number; options: string; updatedAt: string };

const toSetting = (r: Row): FlowSetting => ({
  kind: r.kind as FlowKind,
  enabled: Boolean(r.enabled),
  templateId: r.templateId,
  delayMinutes: Number(r.delayMinutes),
  options: JSON.parse(r.options) as FlowOptions,
  updatedAt: r.updatedAt,
});

const q = {
  list: query(`SELECT ${COLUMNS} FROM flows WHERE account_id = :accountId ORDER BY kind`),
  get: query(`SELECT ${COLUMNS} FROM flows WHERE account_id = :accountId AND kind = :kind`),
  enabled: query('SELECT kind FROM flows WHERE account_id = :accountId AND enabled = true'),
  upsert: query(`INSERT INTO flows (account_id, kind, enabled, template_id, delay_minutes, options, updated_at)
    VALUES (:accountId, :kind, :enabled, :templateId, :delayMinutes, :options, :updatedAt)
    ON CONFLICT (account_id, kind) DO UPDATE SET enabled = excluded.enabled, template_id = excluded.template_id,
      delay_minutes = excluded.delay_minutes, options = excluded.options, updated_at = excluded.updated_at`),
  anywhere: query(
    (d) => `SELECT account_id AS "accountId", ${COLUMNS} FROM flows WHERE enabled = true AND kind ${sqlOf(d).inArray('kinds')}
    ORDER BY account_id, kind`,
  ),
  lapsed: query(`SELECT c.id AS "customerId", c.last_order_at AS "lastOrderAt" FROM customers c
    WHERE c.account_id = :accountId AND c.last_order_at > :lastFrom AND c.last_order_at <= :lastTo AND c.redacted_at IS NULL
      AND NOT EXISTS (SELECT 1 FROM customer_scores s WHERE s.customer_id = c.id AND s.next_order_expected_at IS NOT NULL)
    UNION ALL
    SELECT c.id AS "customerId", c.last_order_at AS "lastOrderAt" FROM customer_scores s JOIN customers c ON c.id = s.customer_id
    WHERE s.account_id = :accountId AND s.next_order_expected_at > :expectedFrom AND s.next_order_expected_at <= :expectedTo
      AND c.redacted_at IS NULL AND c.last_order_at IS NOT NULL AND c.last_order_at < s.next_order_expected_at
    LIMIT :limit`),
  skip: query(`INSERT INTO flow_skips (account_id, kind, day, reason, count) VALUES (:accountId, :kind, :day, :reason, 1)
    ON CONFLICT (account_id, kind, day, reason) DO UPDATE SET count = flow_skips.count + 1`),
};

export function flowsRepo(x: Executor): FlowsRepo {
  return {
    list: async (accountId) => (await x.all<Row>(q.list, { accountId })).map(toSetting),
    async get(accountId, kind) {
      const row = await x.get<Row>(q.get, { accountId, kind });
      return row && toSetting(row);
    },
    enabledKinds: async (accountId) => (await x.all<{ kind: string }>(q.enabled, { accountId })).map((r) => r.kind as FlowKind),
    async upsert(accountId, s) {
      await x.run(q.upsert, { accountId, ...s, options: JSON.stringify(s.options) });
    },
    enabledAnywhere: async (kinds) =>
      (await x.all<Row & { accountId: string }>(q.anywhere, { kinds })).map((r) => ({ accountId: r.accountId, setting: toSetting(r) })),
    lapsed: (accountId, w, limit) => x.all(q.lapsed, { accountId, ...w, limit }),
    async countSkip(accountId, kind, day, reason) {
      await x.run(q.skip, { accountId, kind, day, reason });
    },
  };
}
