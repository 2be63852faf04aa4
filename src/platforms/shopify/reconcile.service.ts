import { applyEvent } from '../../crm/ingest.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { NormaliseContext } from '../adapter.ts';
import type { ShopifyAdminClient } from './admin-api.types.ts';
import { gqlOrderToCanonical, type GqlLineItem, type GqlOrder } from './graphql.normalise.ts';
import { ORDERS_PAGE } from './sync.queries.ts';
import type { SyncRun, SyncRunsPort } from '../../crm/sync/sync.port.ts';

// Shopify says not to rely on webhooks alone: this pulls orders updated since the last reconcile
// (with a small overlap) and applies them through the same canonical path. Orders already
// current come back 'stale' and change nothing; the ones a lost webhook missed are repaired.

type Page = {
  orders: {
    edges: Array<{ node: GqlOrder & { lineItems: { edges: Array<{ node: GqlLineItem }> } } }>;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
};

export type ReconcileDeps = {
  client: ShopifyAdminClient;
  store: CrmStore;
  runs: SyncRunsPort;
  context: NormaliseContext;
  pageSize?: number;
};

const OVERLAP_MS = 10 * 60_000;

export async function reconcileOrders(
  deps: ReconcileDeps,
  target: { accountId: string; connectionId: string },
  now = new Date(),
): Promise<SyncRun> {
  const { runs } = deps;
  const state = await runs.state(target.connectionId);
  const last = state?.lastReconcileAt ? Date.parse(state.lastReconcileAt) : now.getTime() - 86_400_000;
  const since = new Date(last - OVERLAP_MS).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const run = await runs.start({ ...target, kind: 'reconcile', resource: 'orders' });
  let after: string | null = null;
  let seen = 0;
  let repaired = 0;
  let watermark = state?.ordersWatermark ?? null;
  try {
    for (;;) {
      const page: Awaited<ReturnType<typeof deps.client.query<Page>>> = await deps.client.query<Page>(ORDERS_PAGE, {
        first: deps.pageSize ?? 50,
        after,
        query: `updated_at:>'${since}'`,
      });
      if (!page.ok) throw new Error(page.error.message);
      const nodes = page.data.orders.edges.map((e) => e.node);
      await deps.store.batch(
        async () => {
          for (const { lineItems, ...order } of nodes) {
            const outcome = await applyEvent(deps.store, target.connectionId, {
              type: 'order.upserted',
              order: gqlOrderToCanonical(
                order,
                lineItems.edges.map((e) => e.node),
                deps.context,
              ),
            });
            if (outcome === 'applied') repaired += 1;
            if (order.updatedAt && (!watermark || order.updatedAt > watermark)) watermark = order.updatedAt;
          }
        },
        { allOrNothing: true },
      );
      seen += nodes.length;
      await runs.update(run.id, { done: seen, cursor: page.data.orders.pageInfo.endCursor });
      if (!page.data.orders.pageInfo.hasNextPage) break;
      after = page.data.orders.pageInfo.endCursor;
    }
    await runs.update(run.id, {
      status: 'completed',
      total: seen,
      note: `${repaired} of ${seen} recently updated orders were missing or out of date`,
      noteCode: 'orders_repaired',
      noteParams: { repaired, seen },
      finishedAt: new Date().toISOString(),
    });
    await runs.saveState(target.connectionId, target.accountId, { lastReconcileAt: now.toISOString(), ordersWatermark: watermark });
  } catch (error) {
    await runs.update(run.id, {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      finishedAt: new Date().toISOString(),
    });
  }
  return { ...run, done: seen };
}
