import { toWooGmt } from './rest.client.ts';
import type { WooRecord } from './rest.types.ts';
import { backfillOrders, maxModified, trackedRun, type SyncDeps } from './backfill.ts';
import { applyPage, orderTopic, type SyncTarget } from './sync.apply.ts';
import { syncProducts } from './products.sync.ts';

// The scheduled safety net under WooCommerce webhooks, which are never retried, are merged when
// changes come fast, and get disabled after repeated failures.
//
// Orders: every order modified after the watermark (`modified_after`, `dates_are_gmt=true`),
// oldest change first; the watermark advances only after a page is applied, and each run starts
// OVERLAP_S before it, because the filter has one-second resolution and a write committed in
// the same second as the last one we saw could be listed later. Re-applying an overlapping order
// is free (versioned by date_modified_gmt). WooCommerce's default `any` leaves trashed orders out,
// so trashed ones get a second, usually empty, walk with `status=trash`, run first.
//
// Customers have no modified filter, so instead of re-pulling them all: new customers are read by
// id, newest first, down to the highest id already applied (one request when nothing is new).
// A customer's changed billing details arrive with their next order; a full re-pull is
// available on demand (`full`).

const OVERLAP_S = 60;

export type ReconcileResult = { orders: number; trashed: number; customers: number; products: number; ordersWatermark: string | null };

function startFrom(watermark: string | null): string | undefined {
  if (!watermark) return undefined;
  return toWooGmt(new Date(Date.parse(`${toWooGmt(watermark)}Z`) - OVERLAP_S * 1000));
}

async function reconcileOrders(deps: SyncDeps, target: SyncTarget): Promise<{ orders: number; trashed: number }> {
  const state = await deps.recorder.state(target.connectionId);
  if (!state.ordersWatermark) return { orders: await backfillOrders(deps, target), trashed: 0 };
  const from = startFrom(state.ordersWatermark);
  return trackedRun(deps, target, 'reconcile', 'orders', async (runId) => {
    const size = deps.pageSize ?? 100;
    let trashed = 0;
    let page: WooRecord[] = [];
    for await (const order of deps.client.allOrders({ modifiedAfter: from, status: ['trash'], perPage: size })) page.push(order);
    if (page.length)
      await applyPage(
        deps.store,
        target,
        page.map((body) => ({ topic: 'order.updated', body })),
      );
    trashed = page.length;

    let done = 0;
    let watermark = state.ordersWatermark;
    page = [];
    const flush = async () => {
      await applyPage(
        deps.store,
        target,
        page.map((body) => ({ topic: orderTopic(body), body })),
      );
      done += page.length;
      watermark = maxModified(page, watermark); // never moves back
      await deps.recorder.progress(runId, { done, cursor: watermark });
      await deps.recorder.saveState(target.accountId, target.connectionId, { ordersWatermark: watermark });
      page = [];
    };
    for await (const order of deps.client.allOrders({ modifiedAfter: from, perPage: size })) {
      page.push(order);
      if (page.length >= size) await flush();
    }
    if (page.length) await flush();
    await deps.recorder.progress(runId, { done, total: done });
    return { orders: done, trashed };
  });
}

async function reconcileCustomers(deps: SyncDeps, target: SyncTarget, full: boolean): Promise<number> {
  return trackedRun(deps, target, 'reconcile', 'customers', async (runId) => {
    const size = deps.pageSize ?? 100;
    const known = full ? null : (await deps.recorder.state(target.connectionId)).customersWatermark;
    let highest = known;
    let done = 0;
    for (let pageNo = 1; ; pageNo++) {
      // Newest first by id: stop at the first page that reaches what we already have.
      const res = await deps.client.listCustomers({ page: pageNo, perPage: size, order: 'desc' });
      const fresh = known === null ? res.items : res.items.filter((c) => Number(c.id) > Number(known));
      if (fresh.length)
        await applyPage(
          deps.store,
          target,
          fresh.map((body) => ({ topic: 'customer.updated', body })),
        );
      done += fresh.length;
      for (const c of fresh) if (highest === null || Number(c.id) > Number(highest)) highest = String(c.id);
      await deps.recorder.progress(runId, { done, total: full ? res.total : null });
      if (fresh.length < res.items.length || pageNo >= res.totalPages || res.items.length < size) break;
    }
    // Only after every page is applied: the walk is newest first.
    await deps.recorder.saveState(target.accountId, target.connectionId, { customersWatermark: highest });
    return done;
  });
}

export async function reconcile(deps: SyncDeps, target: SyncTarget, options: { fullCustomers?: boolean } = {}): Promise<ReconcileResult> {
  // Products changed since the previous reconcile began (all of them the first time).
  const since = (await deps.recorder.state(target.connectionId)).lastReconcileAt;
  const startedAt = new Date().toISOString();
  const customers = await reconcileCustomers(deps, target, options.fullCustomers ?? false);
  const { orders, trashed } = await reconcileOrders(deps, target);
  const products = await syncProducts(deps, target, 'reconcile', since ?? null);
  await deps.recorder.saveState(target.accountId, target.connectionId, { lastReconcileAt: startedAt });
  return { orders, trashed, customers, products, ordersWatermark: (await deps.recorder.state(target.connectionId)).ordersWatermark };
}
