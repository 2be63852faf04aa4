import type { ShopifyAdminClient, ShopifyUserError } from './admin-api.types.ts';

// Loyalty state written to app-owned customer metafields (`$app:loyalty`: only this app can write
// them; themes, checkout extensions and Flow can read them), through `metafieldsSet` in batches of
// at most 25 inputs (Shopify's limit per call). Pacing is the Admin client's cost-based throttling.
// Customer tags for segments go through `tagsAdd` / `tagsRemove`.

export const LOYALTY_NAMESPACE = '$app:loyalty';
const METAFIELDS_PER_CALL = 25;

export type LoyaltySnapshot = { customerGid: string; balance: number; pending: number; tier: string | null };
export type MetafieldsSetInput = { ownerId: string; namespace: string; key: string; type: string; value: string };
export type WriteResult = { written: number; failed: Array<{ customerGid: string; reason: string; retryable: boolean }> };

const SET = `mutation RapportLoyaltyMetafields($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) { metafields { id key namespace } userErrors { field message code } }
}`;
const TAGS_ADD =
  'mutation RapportTagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }';
const TAGS_REMOVE =
  'mutation RapportTagsRemove($id: ID!, $tags: [String!]!) { tagsRemove(id: $id, tags: $tags) { node { id } userErrors { field message } } }';

/** Three metafields a member; a member without a tier gets an empty-tier marker ("none") rather than a stale tier. */
export function loyaltyMetafields(s: LoyaltySnapshot): MetafieldsSetInput[] {
  const field = (key: string, type: string, value: string) => ({ ownerId: s.customerGid, namespace: LOYALTY_NAMESPACE, key, type, value });
  return [
    field('points_balance', 'number_integer', String(s.balance)),
    field('points_pending', 'number_integer', String(s.pending)),
    field('tier', 'single_line_text_field', s.tier ?? 'none'),
  ];
}

/** Members whose three metafields fit one call stay together, so a member is never half-written. */
export function batches(snapshots: LoyaltySnapshot[]): LoyaltySnapshot[][] {
  const perCall = Math.floor(METAFIELDS_PER_CALL / 3);
  const out: LoyaltySnapshot[][] = [];
  for (let i = 0; i < snapshots.length; i += perCall) out.push(snapshots.slice(i, i + perCall));
  return out;
}

export async function writeLoyaltyMetafields(client: ShopifyAdminClient, snapshots: LoyaltySnapshot[]): Promise<WriteResult> {
  const result: WriteResult = { written: 0, failed: [] };
  for (const batch of batches(snapshots)) {
    const res = await client.mutation<{ userErrors: ShopifyUserError[] }>('metafieldsSet', SET, {
      metafields: batch.flatMap(loyaltyMetafields),
    });
    if (!res.ok) {
      for (const s of batch) result.failed.push({ customerGid: s.customerGid, reason: res.error.message, retryable: res.error.retryable });
      continue;
    }
    // userErrors point at metafields[i]: fail only the members they name.
    const bad = new Set(res.userErrors.map((e) => Math.floor(Number(e.field?.[1] ?? -3) / 3)));
    batch.forEach((s, i) => {
      if (bad.has(i) || (res.userErrors.length && !res.userErrors.some((e) => e.field?.[1] !== undefined))) {
        result.failed.push({ customerGid: s.customerGid, reason: res.userErrors.map((e) => e.message).join('; '), retryable: false });
      } else {
        result.written += 1;
      }
    });
  }
  return result;
}

export type TagsOutcome = { ok: true } | { ok: false; reason: string; retryable: boolean };

async function tags(client: ShopifyAdminClient, field: 'tagsAdd' | 'tagsRemove', id: string, list: string[]): Promise<TagsOutcome> {
  const res = await client.mutation<{ userErrors: ShopifyUserError[] }>(field, field === 'tagsAdd' ? TAGS_ADD : TAGS_REMOVE, {
    id,
    tags: list,
  });
  if (!res.ok) return { ok: false, reason: res.error.message, retryable: res.error.retryable };
  return res.userErrors.length ? { ok: false, reason: res.userErrors.map((e) => e.message).join('; '), retryable: false } : { ok: true };
}

export const addCustomerTags = (client: ShopifyAdminClient, customerGid: string, list: string[]) =>
  tags(client, 'tagsAdd', customerGid, list);
export const removeCustomerTags = (client: ShopifyAdminClient, customerGid: string, list: string[]) =>
  tags(client, 'tagsRemove', customerGid, list);
