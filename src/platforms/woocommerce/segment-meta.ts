import type { TagWrite, TagWriteOutcome } from '../../crm/segments/segment-sync.service.ts';
import { WooRestError } from './rest.errors.ts';
import type { WooClient } from './rest.client.ts';

// Segments mirrored as WooCommerce customer meta: `rapport_segments` holds every mirrored segment
// the customer is in, comma separated (empty when none), so a theme or plugin can read one key.
// Written whole each time, up to 100 customers a `customers/batch` call: sending it again is harmless.

export const SEGMENTS_META_KEY = 'rapport_segments';
const PER_BATCH = 100;

export async function writeSegmentMeta(client: WooClient, writes: TagWrite[]): Promise<TagWriteOutcome[]> {
  const out: TagWriteOutcome[] = [];
  for (let i = 0; i < writes.length; i += PER_BATCH) {
    const batch = writes.slice(i, i + PER_BATCH);
    try {
      const answers = await client.updateCustomersMeta(
        batch.map((w) => ({ id: w.externalId, meta_data: [{ key: SEGMENTS_META_KEY, value: w.tags.join(', ') }] })),
      );
      const byId = new Map(answers.map((a) => [a.id, a]));
      for (const w of batch) {
        const a = byId.get(w.externalId);
        if (a && !a.error) out.push({ externalId: w.externalId, ok: true });
        else if (a?.error)
          out.push({ externalId: w.externalId, ok: false, reason: `${a.error.code}: ${a.error.message}`, retryable: false });
        else out.push({ externalId: w.externalId, ok: false, reason: 'the store did not answer for this customer', retryable: true });
      }
    } catch (e) {
      const retryable = !(e instanceof WooRestError) || e.kind === 'throttled' || e.kind === 'server' || e.kind === 'network';
      for (const w of batch)
        out.push({ externalId: w.externalId, ok: false, reason: e instanceof Error ? e.message : String(e), retryable });
    }
  }
  return out;
}
