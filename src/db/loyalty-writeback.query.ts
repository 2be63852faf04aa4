import type { Db } from './client.ts';

// Read models for writing loyalty state back to Shopify: which members changed (new ledger rows
// or a tier change since the last scan), where they live on Shopify, and what to write.

type WritebackTarget = { accountId: string; connectionId: string; customerId: string };
type WritebackSnapshot = { customerId: string; externalId: string; balance: number; pending: number; tier: string | null };

export function createLoyaltyWritebackQuery(db: Db) {
  const sqlite = db.$client;
  const maxLedger = sqlite.prepare('SELECT coalesce(max(id), 0) AS id FROM points_ledger');
  // Members touched since the watermarks, on every active Shopify store where they have an identity.
  const changed = sqlite.prepare(`SELECT DISTINCT i.account_id AS accountId, i.connection_id AS connectionId, i.customer_id AS customerId
    FROM customer_identities i JOIN connections c ON c.id = i.connection_id AND c.platform = 'shopify' AND c.status = 'active'
    WHERE i.deleted_at IS NULL AND i.customer_id IN (
      SELECT customer_id FROM points_ledger WHERE id > @afterId AND id <= @toId
      UNION SELECT customer_id FROM loyalty_members WHERE tier_since > @tierSince)`);
  const snapshot = sqlite.prepare(`SELECT i.customer_id AS customerId, i.external_id AS externalId,
      coalesce((SELECT sum(available_delta) FROM points_ledger l WHERE l.customer_id = i.customer_id), 0) AS balance,
      coalesce((SELECT sum(pending_delta) FROM points_ledger l WHERE l.customer_id = i.customer_id), 0) AS pending,
      (SELECT t.name FROM loyalty_members m JOIN tiers t ON t.id = m.tier_id WHERE m.customer_id = i.customer_id) AS tier
    FROM customer_identities i WHERE i.connection_id = ? AND i.customer_id = ? AND i.deleted_at IS NULL LIMIT 1`);

  return {
    ledgerHead: () => (maxLedger.get() as { id: number }).id,
    changedSince(afterId: number, toId: number, tierSince: string): WritebackTarget[] {
      return changed.all({ afterId, toId, tierSince }) as WritebackTarget[];
    },
    snapshots(connectionId: string, customerIds: string[]): WritebackSnapshot[] {
      return customerIds.map((id) => snapshot.get(connectionId, id) as WritebackSnapshot | undefined).filter((s): s is WritebackSnapshot => Boolean(s));
    },
  };
}

export type LoyaltyWritebackQuery = ReturnType<typeof createLoyaltyWritebackQuery>;
