import type { CatalogueReadModel, ProductDetail, ProductListItem, VariantRow } from '../../crm/catalogue/catalogue.port.ts';
import type { SqlDatabase } from '../sql/database.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query } from '../sql/executor.ts';

// The catalogue for the admin: products by title (keyset on the (account_id, title, id) index),
// searched in their lower-cased title, SKUs and vendor; each with its variants' price range and
// stock from the (product_id, position) index. Deleted products are not listed (one stays readable
// by id: a quote may point at it).

const ITEM = `p.id, p.title, p.status, p.vendor, p.image_url AS "imageUrl", p.currency, c.platform,
  p.updated_at AS "updatedAt",
  (SELECT count(*) FROM product_variants v WHERE v.product_id = p.id) AS "variantCount",
  (SELECT min(v.price_minor) FROM product_variants v WHERE v.product_id = p.id) AS "minPriceMinor",
  (SELECT max(v.price_minor) FROM product_variants v WHERE v.product_id = p.id) AS "maxPriceMinor",
  (SELECT CAST(sum(v.inventory_quantity) AS bigint) FROM product_variants v WHERE v.product_id = p.id) AS "inventoryQuantity"`;

const list = query(
  (d) => `SELECT ${ITEM} FROM products p JOIN connections c ON c.id = p.connection_id
  WHERE p.account_id = :accountId AND p.deleted_at IS NULL
    AND (CAST(:status AS text) IS NULL OR p.status = :status)
    AND (CAST(:pattern AS text) IS NULL OR p.search_text ${sqlOf(d).ilike} :pattern ESCAPE '\\')
    AND (CAST(:afterTitle AS text) IS NULL OR p.title > :afterTitle OR (p.title = :afterTitle AND p.id > :afterId))
  ORDER BY p.title, p.id LIMIT :limit`,
);
const one = query(`SELECT ${ITEM}, p.external_id AS "externalId", p.handle, p.product_type AS "productType",
    p.connection_id AS "connectionId", p.deleted_at AS "deletedAt"
  FROM products p JOIN connections c ON c.id = p.connection_id WHERE p.account_id = :accountId AND p.id = :id`);
const variants = query(`SELECT id, external_id AS "externalId", title, sku, price_minor AS "priceMinor",
    compare_at_price_minor AS "compareAtPriceMinor", inventory_quantity AS "inventoryQuantity", position, image_url AS "imageUrl",
    platform_updated_at AS "platformUpdatedAt"
  FROM product_variants WHERE product_id = :id ORDER BY position, id`);

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const item = <T extends ProductListItem>(r: T): T => ({
  ...r,
  variantCount: Number(r.variantCount),
  minPriceMinor: num(r.minPriceMinor),
  maxPriceMinor: num(r.maxPriceMinor),
  inventoryQuantity: num(r.inventoryQuantity),
});

/** LIKE's wildcards in what the merchant typed match themselves. */
const likePattern = (s: string) => `%${s.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createCatalogueQueries(database: SqlDatabase): CatalogueReadModel {
  return {
    async list(accountId, q) {
      const rows = await database.x.all<ProductListItem>(list, {
        accountId,
        status: q.status ?? null,
        pattern: q.search ? likePattern(q.search) : null,
        afterTitle: q.after?.title ?? null,
        afterId: q.after?.id ?? null,
        limit: q.limit,
      });
      return rows.map(item);
    },
    async get(accountId, id) {
      const row = await database.x.get<ProductDetail>(one, { accountId, id });
      if (!row) return undefined;
      const vs = await database.x.all<VariantRow>(variants, { id });
      return {
        ...item(row),
        variants: vs.map((v) => ({
          ...v,
          priceMinor: num(v.priceMinor),
          compareAtPriceMinor: num(v.compareAtPriceMinor),
          inventoryQuantity: num(v.inventoryQuantity),
          position: Number(v.position),
        })),
      };
    },
  };
}
