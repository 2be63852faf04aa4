import type { ConsentChannel, ConsentRecord, ConsentsRepo, ConsentState } from '../../crm/customers/consent.port.ts';
import type { Db } from '../client.ts';

type Row = {
  customer_id: string; account_id: string; channel: string; state: string; source: string; detail: string | null; decided_at: string;
  first_subscribed_at: string | null; updated_at: string;
};

const toRecord = (r: Row): ConsentRecord => ({
  customerId: r.customer_id, accountId: r.account_id, channel: r.channel as ConsentChannel, state: r.state as ConsentState, source: r.source,
  detail: r.detail, decidedAt: r.decided_at, firstSubscribedAt: r.first_subscribed_at, updatedAt: r.updated_at,
});

export function consentsRepo(db: Db): ConsentsRepo {
  const s = db.$client;
  const q = {
    get: s.prepare('SELECT * FROM customer_consents WHERE customer_id = ? AND channel = ?'),
    of: s.prepare('SELECT * FROM customer_consents WHERE customer_id = ? ORDER BY channel'),
    upsert: s.prepare(`INSERT INTO customer_consents (customer_id, account_id, channel, state, source, detail, decided_at, first_subscribed_at, updated_at)
      VALUES (@customerId, @accountId, @channel, @state, @source, @detail, @decidedAt, @firstSubscribedAt, @updatedAt)
      ON CONFLICT (customer_id, channel) DO UPDATE SET state = excluded.state, source = excluded.source, detail = excluded.detail,
        decided_at = excluded.decided_at, first_subscribed_at = excluded.first_subscribed_at, updated_at = excluded.updated_at`),
  };
  return {
    async get(customerId, channel) {
      const r = q.get.get(customerId, channel) as Row | undefined;
      return r && toRecord(r);
    },
    async of(customerId) {
      return (q.of.all(customerId) as Row[]).map(toRecord);
    },
    async upsert(record) {
      q.upsert.run(record);
    },
  };
}
