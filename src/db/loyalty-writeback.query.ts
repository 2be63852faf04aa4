import type { ChangedMember, LoyaltyChangesPort, MemberSnapshot } from '../crm/loyalty/loyalty-changes.port.ts';
import type { Db } from './client.ts';

// crm/loyalty/loyalty-changes.port.ts over SQLite: which members changed (new ledger rows or a
// tier change since the last scan), where they live on the store, and what to write.

export function createLoyaltyWritebackQuery(db: Db): LoyaltyChangesPort {
  const sqlite = db.$client;
  const maxLedger = sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM points_ledger');
  // Members touched since the watermarks, on every active store of the platform where they have an identity.
  const changed = sqlite.prepare(`SELECT DISTINCT i.account_id AS accountId, i.connection_id AS connectionId, i.customer_id AS customerId
    FROM customer_identities i JOIN connections c ON c.id = i.connection_id AND c.platform = @platform AND c.status = 'active'
    WHERE i.deleted_at IS NULL AND i.customer_id IN (
      SELECT customer_id FROM points_ledger WHERE id > @afterId AND id <= @toId
      UNION SELECT customer_id FROM loyalty_members WHERE tier_since > @tierSince)`);
  const snapshot = sqlite.prepare(`SELECT i.customer_id AS customerId, i.external_id AS externalId,
      coalesce((SELECT sum(available_delta) FROM points_ledger l WHERE l.customer_id = i.customer_id), 0) AS balance,
      coalesce((SELECT sum(pending_delta) FROM points_ledger l WHERE l.customer_id = i.customer_id), 0) AS pending,
      (SELECT t.name FROM loyalty_members m JOIN tiers t ON t.id = m.tier_id WHERE m.customer_id = i.customer_id) AS tier
    FROM customer_identities i WHERE i.connection_id = ? AND i.customer_id = ? AND i.deleted_at IS NULL LIMIT 1`);

  return {
    ledgerHead: async () => (maxLedger.get() as { id: number }).id,
    async changedSince(platform, afterId, toId, tierSince) {
      return changed.all({ platform, afterId, toId, tierSince }) as ChangedMember[];
    },
    async snapshots(connectionId, customerIds) {
      return customerIds
        .map((id) => snapshot.get(connectionId, id) as MemberSnapshot | undefined)
        .filter((s): s is MemberSnapshot => Boolean(s));
    },
  };
}
