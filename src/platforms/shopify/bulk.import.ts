import { applyEvent } from '../../crm/ingest.service.ts';
import type { CanonicalEvent } from '../../crm/events.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { NormaliseContext } from '../adapter.ts';
import {
  gqlCustomerToCanonical,
  gqlOrderToCanonical,
  gqlProductToCanonical,
  type GqlCustomer,
  type GqlLineItem,
  type GqlOrder,
  type GqlProduct,
  type GqlVariant,
} from './graphql.normalise.ts';

// Streams a bulk-operation JSONL result into the store. With `groupObjects: true` every child
// line (`__parentId`) follows its parent, so an order is complete when the next root line (or the
// end) arrives: memory holds one order and one batch, never the file. Events go through the same
// `applyEvent` as webhooks (versioned by updated_at, keyed by ids), a thousand per all-or-nothing
// commit: a failure fails the import (which can simply run again), so orders need no savepoints.

type ImportOptions = {
  store: CrmStore;
  connectionId: string;
  context: NormaliseContext;
  resource: 'orders' | 'customers' | 'products';
  /** Events per commit; default 1000 (each commit holds the event loop for about 0.1 s). */
  batchSize?: number;
  onProgress?: (progress: ImportResult) => Promise<void>;
};

type ImportResult = { records: number; roots: number; applied: number; stale: number; orphans: number };

type Line = { id?: string; __parentId?: string } & Record<string, unknown>;

export async function importBulkJsonl(lines: AsyncIterable<string>, o: ImportOptions): Promise<ImportResult> {
  const result: ImportResult = { records: 0, roots: 0, applied: 0, stale: 0, orphans: 0 };
  const size = o.batchSize ?? 1000;
  let batch: CanonicalEvent[] = [];
  // The open root (an order or a product) and its children (line items or variants).
  let order: GqlOrder | GqlProduct | null = null;
  let items: Array<GqlLineItem | GqlVariant> = [];

  async function flush() {
    if (!batch.length) return;
    const events = batch;
    batch = [];
    const now = new Date().toISOString();
    await o.store.batch(
      async () => {
        for (const event of events) {
          const outcome = await applyEvent(o.store, o.connectionId, event, now);
          if (outcome === 'stale') result.stale += 1;
          else if (outcome === 'applied') result.applied += 1;
        }
      },
      { allOrNothing: true },
    );
    result.roots += events.length;
    await o.onProgress?.(result);
    // Let webhooks and admin requests in between commits, however fast the lines arrive.
    await new Promise((resolve) => setImmediate(resolve));
  }

  function closeOrder() {
    if (order && o.resource === 'products')
      batch.push({
        type: 'product.upserted',
        product: gqlProductToCanonical(order as GqlProduct, items as GqlVariant[], o.context.currency),
      });
    else if (order)
      batch.push({ type: 'order.upserted', order: gqlOrderToCanonical(order as GqlOrder, items as GqlLineItem[], o.context) });
    order = null;
    items = [];
  }

  for await (const text of lines) {
    if (!text) continue;
    result.records += 1;
    const line = JSON.parse(text) as Line;
    if (o.resource === 'customers') {
      batch.push({ type: 'customer.upserted', customer: gqlCustomerToCanonical(line as unknown as GqlCustomer) });
    } else if (line.__parentId !== undefined) {
      // Only line items (orders) or variants (products) are nested connections in our queries.
      if (order && line.__parentId === order.id) items.push(line as unknown as GqlLineItem | GqlVariant);
      else result.orphans += 1;
    } else {
      closeOrder();
      order = line as unknown as GqlOrder | GqlProduct;
    }
    if (batch.length >= size) await flush();
  }
  closeOrder();
  await flush();
  return result;
}
