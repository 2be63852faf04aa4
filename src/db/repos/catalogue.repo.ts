import type { CatalogueRepo, ProductVersion, VariantRow } from '../../crm/catalogue/catalogue.port.ts';
import { query, type Executor } from '../sql/executor.ts';

// crm's CatalogueRepo on either database (schema/catalogue.ts).

const VARIANT = `id, product_id AS "productId", external_id AS "externalId", title, sku, price_minor AS "priceMinor",
  compare_at_price_minor AS "compareAtPriceMinor", inventory_quantity AS "inventoryQuantity", position, image_url AS "imageUrl",
  platform_updated_at AS "platformUpdatedAt"`;

const q = {
  product: query(`SELECT id, account_id AS "accountId", platform_updated_at AS "platformUpdatedAt", deleted_at AS "deletedAt"
    FROM products WHERE connection_id = :connectionId AND external_id = :externalId`),
  saveProduct: query(`INSERT INTO products (id, account_id, connection_id, external_id, title, handle, status, vendor, product_type,
      image_url, currency, search_text, platform_updated_at, deleted_at, created_at, updated_at)
    VALUES (:id, :accountId, :connectionId, :externalId, :title, :handle, :status, :vendor, :productType, :imageUrl, :currency,
      :searchText, :platformUpdatedAt, NULL, :createdAt, :updatedAt)
    ON CONFLICT (connection_id, external_id) DO UPDATE SET title = excluded.title, handle = excluded.handle, status = excluded.status,
      vendor = excluded.vendor, product_type = excluded.product_type, image_url = excluded.image_url, currency = excluded.currency,
      search_text = excluded.search_text, platform_updated_at = excluded.platform_updated_at, deleted_at = NULL,
      updated_at = excluded.updated_at`),
  markDeleted: query(`UPDATE products SET deleted_at = :now, updated_at = :now WHERE id = :id`),
  variants: query(`SELECT ${VARIANT} FROM product_variants WHERE product_id = :productId ORDER BY position, id`),
  variantByExternalId: query(`SELECT ${VARIANT} FROM product_variants WHERE connection_id = :connectionId AND external_id = :externalId`),
  saveVariant: query(`INSERT INTO product_variants (id, account_id, connection_id, product_id, external_id, title, sku, price_minor,
      compare_at_price_minor, inventory_quantity, position, image_url, platform_updated_at, created_at, updated_at)
    VALUES (:id, :accountId, :connectionId, :productId, :externalId, :title, :sku, :priceMinor, :compareAtPriceMinor,
      :inventoryQuantity, :position, :imageUrl, :platformUpdatedAt, :now, :now)
    ON CONFLICT (connection_id, external_id) DO UPDATE SET product_id = excluded.product_id, title = excluded.title, sku = excluded.sku,
      price_minor = excluded.price_minor, compare_at_price_minor = excluded.compare_at_price_minor,
      inventory_quantity = excluded.inventory_quantity, position = excluded.position, image_url = excluded.image_url,
      platform_updated_at = excluded.platform_updated_at, updated_at = excluded.updated_at`),
  variantIds: query(`SELECT id, external_id AS "externalId" FROM product_variants WHERE product_id = :productId`),
  deleteVariant: query(`DELETE FROM product_variants WHERE id = :id`),
};

const variantOf = (r: VariantRow): VariantRow => ({
  ...r,
  priceMinor: r.priceMinor === null ? null : Number(r.priceMinor),
  compareAtPriceMinor: r.compareAtPriceMinor === null ? null : Number(r.compareAtPriceMinor),
  inventoryQuantity: r.inventoryQuantity === null ? null : Number(r.inventoryQuantity),
  position: Number(r.position),
});

export function catalogueRepo(x: Executor): CatalogueRepo {
  return {
    product: (connectionId, externalId) => x.get<ProductVersion>(q.product, { connectionId, externalId }),
    async saveProduct(row) {
      const { deletedAt: _deletedAt, ...values } = row;
      await x.run(q.saveProduct, values);
    },
    async markDeleted(id, now) {
      await x.run(q.markDeleted, { id, now });
    },
    async variants(productId) {
      return (await x.all<VariantRow>(q.variants, { productId })).map(variantOf);
    },
    async variantByExternalId(connectionId, externalId) {
      const row = await x.get<VariantRow>(q.variantByExternalId, { connectionId, externalId });
      return row && variantOf(row);
    },
    async saveVariant(v) {
      await x.run(q.saveVariant, {
        id: v.id,
        accountId: v.accountId,
        connectionId: v.connectionId,
        productId: v.productId,
        externalId: v.externalId,
        title: v.title,
        sku: v.sku,
        priceMinor: v.priceMinor,
        compareAtPriceMinor: v.compareAtPriceMinor,
        inventoryQuantity: v.inventoryQuantity,
        position: v.position,
        imageUrl: v.imageUrl,
        platformUpdatedAt: v.platformUpdatedAt,
        now: v.now,
      });
    },
    async removeVariantsExcept(productId, keep) {
      const wanted = new Set(keep);
      let removed = 0;
      // A product has tens of variants at most (Shopify: 2,048): read them, delete the missing ones by key.
      for (const row of await x.all<{ id: string; externalId: string }>(q.variantIds, { productId })) {
        if (wanted.has(row.externalId)) continue;
        removed += await x.run(q.deleteVariant, { id: row.id });
      }
      return removed;
    },
  };
}
