import type { CrmStore } from '../../crm/store.port.ts';
import type { NormaliseContext } from '../adapter.ts';
import type { ShopifyAdminClient } from './admin-api.types.ts';
import { importBulkJsonl } from './bulk.import.ts';
import { downloadJsonl, runBulkQuery, type BulkOptions } from './bulk.ts';
import { BULK_CUSTOMERS_QUERY, BULK_PRODUCTS_QUERY, bulkOrdersQuery } from './sync.queries.ts';
import type { SyncRun, SyncRunsPort } from '../../crm/sync/sync.port.ts';

// The historical import of one shop: customers, then orders with their line items, each as a
// bulk operation whose JSONL is streamed into the store. Each resource is one `sync_runs` row
// (progress: roots done of rootObjectCount). Without read_all_orders Shopify serves only the last
// 60 days of orders: we ask for exactly that and say so in the run's note.

const HISTORY_NOTE =
  'Orders older than 60 days were not imported: Rapport needs the read_all_orders scope for them. Approve the updated permissions in Shopify admin and run the import again.';

export type BackfillTarget = { accountId: string; connectionId: string; grantedScopes: string | null };

export type BackfillDeps = {
  store: CrmStore;
  runs: SyncRunsPort;
  client: ShopifyAdminClient;
  context: NormaliseContext;
  download?: (url: string) => Promise<AsyncIterable<string>>;
  bulk?: BulkOptions;
  now?: () => Date;
};

export function hasScope(granted: string | null, scope: string): boolean {
  const list = (granted ?? '').split(',').map((s) => s.trim());
  // write_x implies read_x in Shopify's scope model.
  return list.includes(scope) || list.includes(scope.replace(/^read_/, 'write_'));
}

export async function runBackfill(deps: BackfillDeps, target: BackfillTarget): Promise<SyncRun[]> {
  const now = deps.now ?? (() => new Date());
  const allOrders = hasScope(target.grantedScopes, 'read_all_orders');
  const since = allOrders ? null : new Date(now().getTime() - 60 * 86_400_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const done: SyncRun[] = [];
  const resources: Array<readonly ['customers' | 'orders' | 'products', string, string | null]> = [
    ['customers', BULK_CUSTOMERS_QUERY, null],
    ['orders', bulkOrdersQuery(since), allOrders ? null : HISTORY_NOTE],
  ];
  // The catalogue (quotes) when the merchant granted read_products; webhooks keep it from then on.
  if (hasScope(target.grantedScopes, 'read_products')) resources.push(['products', BULK_PRODUCTS_QUERY, null]);
  for (const [resource, query, note] of resources) {
    const run = await deps.runs.start({
      accountId: target.accountId,
      connectionId: target.connectionId,
      kind: 'backfill',
      resource,
      note,
      noteCode: note ? 'history_limited' : null,
      noteParams: note ? { days: 60 } : null,
    });
    await importResource(deps, run, resource, query);
    done.push(run);
  }
  return done;
}

async function importResource(
  deps: BackfillDeps,
  run: SyncRun,
  resource: 'orders' | 'customers' | 'products',
  query: string,
): Promise<void> {
  const { runs } = deps;
  try {
    const outcome = await runBulkQuery(deps.client, query, {
      ...deps.bulk,
      onPoll: (op) =>
        runs.update(run.id, { cursor: op.id, total: op.rootObjectCount === null ? null : Number(op.rootObjectCount) || null }),
    });
    if (!outcome.ok) return await runs.update(run.id, { status: 'failed', error: outcome.error, finishedAt: new Date().toISOString() });
    const op = outcome.operation;
    await runs.update(run.id, { cursor: op.id, total: Number(op.rootObjectCount ?? 0) });
    if (op.url) {
      const lines = await (deps.download ?? downloadJsonl)(op.url);
      await importBulkJsonl(lines, {
        store: deps.store,
        connectionId: run.connectionId,
        context: deps.context,
        resource,
        onProgress: (p) => runs.update(run.id, { done: p.roots }),
      });
    }
    await runs.update(run.id, { status: 'completed', finishedAt: new Date().toISOString() });
  } catch (error) {
    await runs.update(run.id, {
      status: 'failed',
      error: error instanceof Error ? error.message : String(error),
      finishedAt: new Date().toISOString(),
    });
  }
}
