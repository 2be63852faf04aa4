import type { CanonicalEvent } from '../../crm/events.ts';
import { applyEvent, type IngestOutcome } from '../../crm/ingest.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { NormaliseContext } from '../adapter.ts';
import { wooAdapter } from './normalise.ts';
import type { WooRecord } from './rest.types.ts';

// REST v3 orders and customers are the same resources webhooks deliver, so the sync goes through
// the canonical path: the webhook normaliser, then applyEvent. Every effect is keyed by business
// id and versioned by date_modified_gmt, so an order seen by both a webhook and a reconcile
// counts once, whichever comes first.

export type SyncTarget = { accountId: string; connectionId: string; context: NormaliseContext };
type ApplyCounts = { applied: number; stale: number; ignored: number };

/** The topic a webhook would have carried for this REST copy of an order. */
export function orderTopic(order: WooRecord): string {
  // Listed (not trashed) at the store right now: if we had it trashed, it has been restored since.
  // A stale copy cannot undo a newer trash: applyEvent drops versions older than the stored one.
  return order.status === 'trash' ? 'order.updated' : 'order.restored';
}

/** Applies one page of REST records in one commit: a record that fails fails the page. */
export async function applyPage(store: CrmStore, target: SyncTarget, records: { topic: string; body: WooRecord }[]): Promise<ApplyCounts> {
  const counts: ApplyCounts = { applied: 0, stale: 0, ignored: 0 };
  const now = new Date().toISOString();
  await store.batch(
    async () => {
      for (const r of records) {
        let events: CanonicalEvent[];
        try {
          events = wooAdapter.normalise(r.topic, r.body, target.context);
        } catch {
          counts.ignored++; // a record we cannot read must not block the rest of the store
          continue;
        }
        for (const e of events) {
          const outcome: IngestOutcome = await applyEvent(store, target.connectionId, e, now);
          counts[outcome]++;
        }
      }
    },
    { allOrNothing: true },
  );
  return counts;
}
