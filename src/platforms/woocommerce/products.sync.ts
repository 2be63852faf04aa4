import type { WooRecord } from './rest.types.ts';
import { trackedRun, type SyncDeps } from './backfill.ts';
import { applyPage, type SyncTarget } from './sync.apply.ts';

// The catalogue from WooCommerce's REST API: products by id, 100 a page, each variable product
// followed by its variations (which the products list names by id only), through the webhook
// normaliser like everything else. The backfill reads every product; the reconcile only those
// modified since the last reconcile began (minus a minute: the filter has one-second resolution).
// Re-applying a product is free (versioned by date_modified_gmt).

const OVERLAP_MS = 60_000;

export async function syncProducts(
  deps: SyncDeps,
  target: SyncTarget,
  kind: 'backfill' | 'reconcile',
  since: string | null,
): Promise<number> {
  const modifiedAfter = since ? new Date(Date.parse(since) - OVERLAP_MS).toISOString() : undefined;
  return trackedRun(deps, target, kind, 'products', async (runId) => {
    const size = deps.pageSize ?? 100;
    let done = 0;
    for (let pageNo = 1; ; pageNo++) {
      const res = await deps.client.listProducts({ page: pageNo, perPage: size, modifiedAfter });
      const records: { topic: string; body: WooRecord }[] = [];
      for (const product of res.items) {
        records.push({ topic: 'product.updated', body: product });
        const ids = Array.isArray(product.variations) ? product.variations : [];
        if (product.type !== 'variable' && ids.length === 0) continue;
        // The variations endpoint may leave out the parent and type: say them, as a webhook would.
        for (const v of await deps.client.allVariations(String(product.id)))
          records.push({ topic: 'product.updated', body: { ...v, type: 'variation', parent_id: product.id } });
      }
      await applyPage(deps.store, target, records);
      done += res.items.length;
      await deps.recorder.progress(runId, { done, total: res.total, cursor: String(pageNo) });
      if (pageNo >= res.totalPages || res.items.length < size) return done;
    }
  });
}
