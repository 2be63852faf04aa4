import type { LoyaltyWritebackQuery } from '../db/loyalty-writeback.query.ts';
import type { ShopifyAdminClient } from '../platforms/shopify/admin-api.types.ts';
import { toGid } from '../platforms/shopify/gid.ts';
import { writeLoyaltyMetafields } from '../platforms/shopify/metafields.ts';
import type { PlatformOutbox } from '../platforms/sync.port.ts';

// Loyalty balance and tier -> Shopify customer metafields. Changes are found by scanning (new
// ledger rows, tier changes) rather than by a hook in the ledger: the domain stays unaware of
// platforms, and a burst of postings for one member becomes one coalesced outbox row. Thin: the
// writes themselves are platforms/shopify/metafields.ts.

export const LOYALTY_METAFIELDS = 'loyalty_metafields';

export type WritebackDeps = {
  outbox: PlatformOutbox;
  query: LoyaltyWritebackQuery;
  clientFor: (connectionId: string) => Promise<ShopifyAdminClient | null>;
};

/** Where the last scan stopped (kept in job_state across restarts). */
export type ScanMark = { ledgerId: number; at: string };

export function enqueueLoyaltyChanges(deps: WritebackDeps, mark: ScanMark, now = new Date()): ScanMark {
  const head = deps.query.ledgerHead();
  const at = now.toISOString();
  for (const t of deps.query.changedSince(mark.ledgerId, head, mark.at)) {
    deps.outbox.enqueue({ accountId: t.accountId, connectionId: t.connectionId, kind: LOYALTY_METAFIELDS, subjectId: t.customerId }, at);
  }
  return { ledgerId: head, at };
}

export async function flushLoyaltyMetafields(deps: WritebackDeps, now = new Date(), limit = 200): Promise<{ written: number; failed: number }> {
  const due = deps.outbox.due(LOYALTY_METAFIELDS, limit, now.toISOString());
  const byConnection = new Map<string, typeof due>();
  for (const item of due) byConnection.set(item.connectionId, [...(byConnection.get(item.connectionId) ?? []), item]);
  let written = 0;
  let failed = 0;
  for (const [connectionId, items] of byConnection) {
    const client = await deps.clientFor(connectionId);
    const retryAt = (attempts: number) => new Date(now.getTime() + Math.min(3_600_000, 60_000 * 2 ** attempts)).toISOString();
    if (!client) {
      for (const item of items) deps.outbox.failed(item.id, 'no access token for the store', retryAt(item.attempts));
      failed += items.length;
      continue;
    }
    const snapshots = deps.query.snapshots(connectionId, items.map((i) => i.subjectId));
    const gidOf = new Map(snapshots.map((s) => [toGid('Customer', s.externalId), s.customerId]));
    const result = await writeLoyaltyMetafields(client, snapshots.map((s) => ({
      customerGid: toGid('Customer', s.externalId), balance: s.balance, pending: s.pending, tier: s.tier,
    })));
    const failedIds = new Map(result.failed.map((f) => [gidOf.get(f.customerGid), f.reason]));
    for (const item of items) {
      const reason = failedIds.get(item.subjectId);
      if (reason !== undefined) deps.outbox.failed(item.id, reason, retryAt(item.attempts));
    }
    deps.outbox.done(items.filter((i) => !failedIds.has(i.subjectId)));
    written += result.written;
    failed += result.failed.length;
  }
  return { written, failed };
}
