import type { CrmStore } from '../../crm/store.port.ts';
import type { WooClient } from './rest.client.ts';
import type { WooRecord } from './rest.types.ts';
import { applyPage, orderTopic, type SyncTarget } from './sync.apply.ts';
import type { SyncRecorder, SyncResource } from './sync.port.ts';

// First import of a newly connected store: every customer, then every order, 100 a page
// (WooCommerce's maximum), each page applied in one commit. Progress goes to `sync_runs`
// (done / total from X-WP-Total) so the admin can show a percentage; the orders watermark
// advances after each applied page, so the reconcile job continues where the backfill stopped.

type SyncApi = Pick<WooClient, 'listOrders' | 'allOrders' | 'listCustomers' | 'allCustomers' | 'listProducts' | 'allVariations'>;
export type SyncDeps = { store: CrmStore; recorder: SyncRecorder; client: SyncApi; pageSize?: number };

const PAGE = 100;

/** The largest `date_modified_gmt` of a page (the walk is ascending, but be robust). */
export function maxModified(records: WooRecord[], floor: string | null): string | null {
  let max = floor;
  for (const r of records) {
    const m = typeof r.date_modified_gmt === 'string' ? r.date_modified_gmt : null;
    if (m && (!max || m > max)) max = m;
  }
  return max;
}

const maxId = (records: WooRecord[], floor: string | null) =>
  records.reduce<string | null>((max, r) => (max === null || Number(r.id) > Number(max) ? String(r.id) : max), floor);

async function tracked<T>(
  deps: SyncDeps,
  target: SyncTarget,
  kind: 'backfill' | 'reconcile',
  resource: SyncResource,
  work: (runId: string) => Promise<T>,
): Promise<T> {
  const runId = await deps.recorder.start({ accountId: target.accountId, connectionId: target.connectionId, kind, resource });
  try {
    const out = await work(runId);
    await deps.recorder.finish(runId, { status: 'completed' });
    return out;
  } catch (e) {
    await deps.recorder.finish(runId, { status: 'failed', error: e instanceof Error ? e.message : String(e) });
    throw e;
  }
}
export { tracked as trackedRun };

export async function backfillCustomers(deps: SyncDeps, target: SyncTarget): Promise<number> {
  return tracked(deps, target, 'backfill', 'customers', async (runId) => {
    const size = deps.pageSize ?? PAGE;
    let done = 0;
    let highest = (await deps.recorder.state(target.connectionId)).customersWatermark;
    for (let page = 1; ; page++) {
      const res = await deps.client.listCustomers({ page, perPage: size });
      await applyPage(
        deps.store,
        target,
        res.items.map((body) => ({ topic: 'customer.updated', body })),
      );
      done += res.items.length;
      highest = maxId(res.items, highest);
      await deps.recorder.progress(runId, { done, total: res.total, cursor: String(page) });
      await deps.recorder.saveState(target.accountId, target.connectionId, { customersWatermark: highest });
      if (page >= res.totalPages || res.items.length < size) return done;
    }
  });
}

export async function backfillOrders(deps: SyncDeps, target: SyncTarget): Promise<number> {
  return tracked(deps, target, 'backfill', 'orders', async (runId) => {
    const size = deps.pageSize ?? PAGE;
    // One cheap request for the total; the walk itself follows modification time.
    const { total } = await deps.client.listOrders({ perPage: 1 });
    await deps.recorder.progress(runId, { total });
    let done = 0;
    let watermark = (await deps.recorder.state(target.connectionId)).ordersWatermark;
    let page: WooRecord[] = [];
    const flush = async () => {
      await applyPage(
        deps.store,
        target,
        page.map((body) => ({ topic: orderTopic(body), body })),
      );
      done += page.length;
      watermark = maxModified(page, watermark);
      await deps.recorder.progress(runId, { done, cursor: watermark, total: Math.max(total, done) });
      await deps.recorder.saveState(target.accountId, target.connectionId, { ordersWatermark: watermark });
      page = [];
    };
    for await (const order of deps.client.allOrders({ perPage: size })) {
      page.push(order);
      if (page.length >= size) await flush();
    }
    if (page.length) await flush();
    return done;
  });
}
