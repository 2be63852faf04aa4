import type { LoyaltyChangesPort } from '../../crm/loyalty/loyalty-changes.port.ts';
import type { PlatformOutboxPort } from '../../crm/sync/sync.port.ts';
import type { ShopifyAdminClient } from './admin-api.types.ts';
import { toGid } from './gid.ts';
import { writeLoyaltyMetafields } from './metafields.ts';

// Loyalty balance and tier -> Shopify customer metafields. Changes are found by scanning
// (crm's LoyaltyChangesPort read model) rather than by a hook in the ledger: the domain stays unaware
// of platforms, and a burst of postings for one member becomes one coalesced outbox row. The
// writes themselves are metafields.ts; jobs/shopify-sync.scheduler.ts only schedules writeBack.

const LOYALTY_METAFIELDS = 'loyalty_metafields';

/** Where the last scan stopped (kept across restarts, so a restart resumes instead of rewriting every member). */
export type ScanMark = { ledgerId: number; at: string };

export type WritebackDeps = {
  outbox: PlatformOutboxPort;
  changes: LoyaltyChangesPort;
  /** The persisted scan mark (job_state). */
  marks: { load(): Promise<ScanMark | undefined>; save(mark: ScanMark, at: string): Promise<void> };
  clientFor: (connectionId: string) => Promise<ShopifyAdminClient | null>;
};

export function createLoyaltyWriteback(deps: WritebackDeps) {
  return {
    /** Enqueues members whose points or tier changed, then flushes due metafield writes. */
    async writeBack(now = new Date()): Promise<{ written: number; failed: number }> {
      // Read on every run, not kept here: on a cluster the leader that ran last may be another process.
      const last = (await deps.marks.load()) ?? { ledgerId: 0, at: new Date(0).toISOString() };
      const mark = await enqueueLoyaltyChanges(deps, last, now);
      await deps.marks.save(mark, now.toISOString());
      return flushLoyaltyMetafields(deps, now);
    },
  };
}

async function enqueueLoyaltyChanges(deps: WritebackDeps, mark: ScanMark, now = new Date()): Promise<ScanMark> {
  const head = await deps.changes.ledgerHead();
  const at = now.toISOString();
  for (const t of await deps.changes.changedSince('shopify', mark.ledgerId, head, mark.at)) {
    await deps.outbox.enqueue(
      { accountId: t.accountId, connectionId: t.connectionId, kind: LOYALTY_METAFIELDS, subjectId: t.customerId },
      at,
    );
  }
  return { ledgerId: head, at };
}

async function flushLoyaltyMetafields(deps: WritebackDeps, now = new Date(), limit = 200): Promise<{ written: number; failed: number }> {
  const due = await deps.outbox.due(LOYALTY_METAFIELDS, limit, now.toISOString());
  const byConnection = new Map<string, typeof due>();
  for (const item of due) byConnection.set(item.connectionId, [...(byConnection.get(item.connectionId) ?? []), item]);
  let written = 0;
  let failed = 0;
  for (const [connectionId, items] of byConnection) {
    const client = await deps.clientFor(connectionId);
    const retryAt = (attempts: number) => new Date(now.getTime() + Math.min(3_600_000, 60_000 * 2 ** attempts)).toISOString();
    if (!client) {
      for (const item of items) await deps.outbox.failed(item.id, 'no access token for the store', retryAt(item.attempts));
      failed += items.length;
      continue;
    }
    const snapshots = await deps.changes.snapshots(
      connectionId,
      items.map((i) => i.subjectId),
    );
    const gidOf = new Map(snapshots.map((s) => [toGid('Customer', s.externalId), s.customerId]));
    const result = await writeLoyaltyMetafields(
      client,
      snapshots.map((s) => ({
        customerGid: toGid('Customer', s.externalId),
        balance: s.balance,
        pending: s.pending,
        tier: s.tier,
      })),
    );
    const failedIds = new Map(result.failed.map((f) => [gidOf.get(f.customerGid), f.reason]));
    for (const item of items) {
      const reason = failedIds.get(item.subjectId);
      if (reason !== undefined) await deps.outbox.failed(item.id, reason, retryAt(item.attempts));
    }
    await deps.outbox.done(items.filter((i) => !failedIds.has(i.subjectId)));
    written += result.written;
    failed += result.failed.length;
  }
  return { written, failed };
}
