import type { TagWrite, TagWriteOutcome } from '../../crm/segments/segment-sync.service.ts';
import type { ShopifyAdminClient } from './admin-api.types.ts';
import { toGid } from './gid.ts';
import { addCustomerTags, removeCustomerTags } from './metafields.ts';

// Segments mirrored as Shopify customer tags: per customer one `tagsAdd` with every tag to add and
// one `tagsRemove` with every tag to take off (each only when needed), paced by the Admin client's
// cost-based throttling. Adding a tag the customer has, or removing one it lacks, changes nothing.

export async function writeSegmentTags(client: ShopifyAdminClient | null, writes: TagWrite[]): Promise<TagWriteOutcome[]> {
  if (!client)
    return writes.map((w) => ({ externalId: w.externalId, ok: false, reason: 'no access token for the store', retryable: true }));
  const out: TagWriteOutcome[] = [];
  for (const w of writes) {
    const gid = toGid('Customer', w.externalId);
    const added = w.add.length ? await addCustomerTags(client, gid, w.add) : ({ ok: true } as const);
    const removed = added.ok && w.remove.length ? await removeCustomerTags(client, gid, w.remove) : added;
    out.push(removed.ok ? { externalId: w.externalId, ok: true } : { externalId: w.externalId, ...removed });
  }
  return out;
}
