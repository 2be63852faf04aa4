import type { CanonicalVariant, ProductStatus } from '../events.ts';

// The catalogue's storage (bound to each unit of work as `repos.catalogue`) and its read model
// for the admin (products list, one product with its variants).

export type ProductRow = {
  id: string;
  accountId: string;
  connectionId: string;
  externalId: string;
  title: string;
  handle: string | null;
  status: ProductStatus;
  vendor: string | null;
  productType: string | null;
  imageUrl: string | null;
  currency: string;
  searchText: string;
  platformUpdatedAt: string;
  deletedAt: string | null;
  createdAt: string;
  updatedAt: string;
};

export type VariantRow = Omit<CanonicalVariant, 'priceMinor'> & {
  id: string;
  productId: string;
  /** null until the variant's details arrived (a WooCommerce variation named by id only). */
  priceMinor: number | null;
  platformUpdatedAt: string | null;
};

export type ProductVersion = Pick<ProductRow, 'id' | 'platformUpdatedAt' | 'deletedAt' | 'accountId'>;

export interface CatalogueRepo {
  product(connectionId: string, externalId: string): Promise<ProductVersion | undefined>;
  /** Inserts or replaces the product's own fields (the caller has checked the version). */
  saveProduct(row: ProductRow): Promise<void>;
  markDeleted(productId: string, now: string): Promise<void>;
  variants(productId: string): Promise<VariantRow[]>;
  /** Inserts or updates one variant by (connection, external id); it moves to `productId` if it was elsewhere. */
  saveVariant(v: VariantRow & { accountId: string; connectionId: string; now: string }): Promise<void>;
  /** Deletes the product's variants whose external ids are not in `keep`. */
  removeVariantsExcept(productId: string, keep: string[]): Promise<number>;
  variantByExternalId(connectionId: string, externalId: string): Promise<(VariantRow & { platformUpdatedAt: string | null }) | undefined>;
}

export type ProductListItem = {
  id: string;
  title: string;
  status: ProductStatus;
  vendor: string | null;
  imageUrl: string | null;
  currency: string;
  platform: string;
  variantCount: number;
  /** The lowest and highest known variant price (null when none is known yet). */
  minPriceMinor: number | null;
  maxPriceMinor: number | null;
  inventoryQuantity: number | null;
  updatedAt: string;
};

export type ProductDetail = ProductListItem & {
  externalId: string;
  handle: string | null;
  productType: string | null;
  connectionId: string;
  deletedAt: string | null;
  variants: Array<Omit<VariantRow, 'productId'>>;
};

export type ProductQuery = {
  search?: string;
  status?: ProductStatus;
  /** The last title and id of the previous page. */
  after?: { title: string; id: string };
  limit: number;
};

export interface CatalogueReadModel {
  list(accountId: string, q: ProductQuery): Promise<ProductListItem[]>;
  get(accountId: string, productId: string): Promise<ProductDetail | undefined>;
}
