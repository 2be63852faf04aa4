import type { ChangedMember, LoyaltyChangesPort, MemberSnapshot } from '../crm/loyalty/loyalty-changes.port.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query } from './sql/executor.ts';

// crm/loyalty/loyalty-changes.port.ts on either database: which members changed (new ledger rows
// or a tier change since the last scan), where they live on the store, and what to write.

const q = {
  maxLedger: query('SELECT coalesce(max(id), 0) AS id FROM points_ledger'),
  // Members touched since the watermarks, on every active store of the platform where they have an identity.
  changed: query(`SELECT DISTINCT i.account_id AS "accountId", i.connection_id AS "connectionId", i.customer_id AS "customerId"
    FROM customer_identities i JOIN connections c ON c.id = i.connection_id AND c.platform = :platform AND c.status = 'active'
    WHERE i.deleted_at IS NULL AND i.customer_id IN (
      SELECT customer_id FROM points_ledger WHERE id > :afterId AND id <= :toId
      UNION SELECT customer_id FROM loyalty_members WHERE tier_since > :tierSince)
    ORDER BY 1, 2, 3`),
  snapshot: query(`SELECT i.customer_id AS "customerId", i.external_id AS "externalId",
      CAST(coalesce((SELECT sum(available_delta) FROM points_ledger l WHERE l.customer_id = i.customer_id), 0) AS bigint) AS balance,
      CAST(coalesce((SELECT sum(pending_delta) FROM points_ledger l WHERE l.customer_id = i.customer_id), 0) AS bigint) AS pending,
      (SELECT t.name FROM loyalty_members m JOIN tiers t ON t.id = m.tier_id WHERE m.customer_id = i.customer_id) AS tier
    FROM customer_identities i WHERE i.connection_id = :connectionId AND i.customer_id = :customerId AND i.deleted_at IS NULL LIMIT 1`),
};

export function createLoyaltyWritebackQuery(database: SqlDatabase): LoyaltyChangesPort {
  const x = database.x;
  return {
    ledgerHead: async () => (await x.get<{ id: number }>(q.maxLedger))!.id,
    changedSince: (platform, afterId, toId, tierSince) => x.all<ChangedMember>(q.changed, { platform, afterId, toId, tierSince }),
    async snapshots(connectionId, customerIds) {
      const out: MemberSnapshot[] = [];
      for (const customerId of customerIds) {
        const s = await x.get<MemberSnapshot>(q.snapshot, { connectionId, customerId });
        if (s) out.push(s);
      }
      return out;
    },
  };
}
