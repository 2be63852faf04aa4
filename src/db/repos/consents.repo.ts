import type { ConsentChannel, ConsentRecord, ConsentsRepo, ConsentState } from '../../crm/customers/consent.port.ts';
import { query, type Executor } from '../sql/executor.ts';

type Row = {
  customer_id: string;
  account_id: string;
  channel: string;
  state: string;
  source: string;
  detail: string | null;
  decided_at: string;
  first_subscribed_at: string | null;
  updated_at: string;
};

const toRecord = (r: Row): ConsentRecord => ({
  customerId: r.customer_id,
  accountId: r.account_id,
  channel: r.channel as ConsentChannel,
  state: r.state as ConsentState,
  source: r.source,
  detail: r.detail,
  decidedAt: r.decided_at,
  firstSubscribedAt: r.first_subscribed_at,
  updatedAt: r.updated_at,
});

const q = {
  get: query('SELECT * FROM customer_consents WHERE customer_id = :customerId AND channel = :channel'),
  of: query('SELECT * FROM customer_consents WHERE customer_id = :customerId ORDER BY channel'),
  upsert:
    query(`INSERT INTO customer_consents (customer_id, account_id, channel, state, source, detail, decided_at, first_subscribed_at, updated_at)
    VALUES (:customerId, :accountId, :channel, :state, :source, :detail, :decidedAt, :firstSubscribedAt, :updatedAt)
    ON CONFLICT (customer_id, channel) DO UPDATE SET state = excluded.state, source = excluded.source, detail = excluded.detail,
      decided_at = excluded.decided_at, first_subscribed_at = excluded.first_subscribed_at, updated_at = excluded.updated_at`),
};

export function consentsRepo(x: Executor): ConsentsRepo {
  return {
    async get(customerId, channel) {
      const r = await x.get<Row>(q.get, { customerId, channel });
      return r && toRecord(r);
    },
    async of(customerId) {
      return (await x.all<Row>(q.of, { customerId })).map(toRecord);
    },
    async upsert(record) {
      await x.run(q.upsert, record);
    },
  };
}
