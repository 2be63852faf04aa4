import { newId } from '../../lib/ids.ts';
import type { CanonicalProduct, CanonicalVariant } from '../events.ts';
import type { ConnectionRecord, Repos } from '../store.port.ts';
import type { VariantRow } from './catalogue.port.ts';

// Applies product payloads to the catalogue. Versioned by the platform's updated_at: a late or
// repeated payload changes nothing, so webhooks may arrive duplicated and out of order and a
// reconcile may run beside them. Deleted products keep their row (quotes point at them).

export type CatalogueOutcome = 'applied' | 'stale';

const searchTextOf = (p: CanonicalProduct) =>
  [p.title, p.vendor, p.productType, p.handle, ...(p.variants ?? []).flatMap((v) => [v.sku, v.title])]
    .filter((s): s is string => Boolean(s))
    .join(' ')
    .toLowerCase();

export async function upsertProduct(repos: Repos, c: ConnectionRecord, p: CanonicalProduct, now: string): Promise<CatalogueOutcome> {
  const known = await repos.catalogue.product(c.id, p.externalId);
  if (known && known.platformUpdatedAt >= p.updatedAt) return 'stale';
  // A delete has no version of its own: a payload from before it was observed is late, not a restore.
  if (known?.deletedAt && p.updatedAt <= known.deletedAt) return 'stale';
  const id = known?.id ?? newId('prd');
  await repos.catalogue.saveProduct({
    id,
    accountId: c.accountId,
    connectionId: c.id,
    externalId: p.externalId,
    title: p.title,
    handle: p.handle,
    status: p.status,
    vendor: p.vendor,
    productType: p.productType,
    imageUrl: p.imageUrl,
    currency: c.currency,
    searchText: searchTextOf(p),
    platformUpdatedAt: p.updatedAt,
    deletedAt: null,
    createdAt: now,
    updatedAt: now,
  });
  if (p.variants) {
    for (const v of p.variants) await saveVariant(repos, c, id, v, p.updatedAt, now);
    await repos.catalogue.removeVariantsExcept(
      id,
      p.variants.map((v) => v.externalId),
    );
  } else {
    // Only ids are known: keep the variants named, create placeholders for new ones.
    const existing = new Set((await repos.catalogue.variants(id)).map((v) => v.externalId));
    for (const [position, externalId] of p.variantIds.entries()) {
      if (existing.has(externalId)) continue;
      await repos.catalogue.saveVariant({
        id: newId('var'),
        productId: id,
        accountId: c.accountId,
        connectionId: c.id,
        externalId,
        title: null,
        sku: null,
        priceMinor: null,
        compareAtPriceMinor: null,
        inventoryQuantity: null,
        position: position + 1,
        imageUrl: null,
        platformUpdatedAt: null,
        now,
      });
    }
    await repos.catalogue.removeVariantsExcept(id, p.variantIds);
  }
  return 'applied';
}

/** A variation delivered on its own (WooCommerce): applied when its parent is known and it is newer. */
export async function upsertVariant(
  repos: Repos,
  c: ConnectionRecord,
  productExternalId: string,
  v: CanonicalVariant,
  updatedAt: string,
  now: string,
): Promise<CatalogueOutcome | 'ignored'> {
  const product = await repos.catalogue.product(c.id, productExternalId);
  // The parent arrives by its own webhook or the reconcile, which brings its variations along.
  if (!product) return 'ignored';
  const known = await repos.catalogue.variantByExternalId(c.id, v.externalId);
  if (known?.platformUpdatedAt && known.platformUpdatedAt >= updatedAt) return 'stale';
  // Its place among the product's variants is the parent's order of ids, when the parent came first.
  await saveVariant(repos, c, product.id, known ? { ...v, position: known.position } : v, updatedAt, now, known);
  return 'applied';
}

async function saveVariant(
  repos: Repos,
  c: ConnectionRecord,
  productId: string,
  v: CanonicalVariant,
  updatedAt: string,
  now: string,
  known?: VariantRow,
): Promise<void> {
  await repos.catalogue.saveVariant({
    ...v,
    id: known?.id ?? newId('var'),
    productId,
    accountId: c.accountId,
    connectionId: c.id,
    platformUpdatedAt: updatedAt,
    now,
  });
}

export async function deleteProduct(repos: Repos, c: ConnectionRecord, externalId: string, now: string): Promise<void> {
  const known = await repos.catalogue.product(c.id, externalId);
  if (known && !known.deletedAt) await repos.catalogue.markDeleted(known.id, now);
}
