import { z } from 'zod';

// The catalogue's admin API (products.routes.ts): products kept from the stores, for quotes.

export const productsQuery = z.strictObject({
  search: z.string().trim().min(1).max(200).optional().describe('In the title, SKUs, vendor and handle'),
  status: z.enum(['active', 'draft', 'archived']).optional(),
  after: z.string().min(1).max(400).optional().describe('endCursor of the previous page'),
  first: z.coerce.number().int().min(1).max(100).default(50),
});

const productItem = z.object({
  id: z.string(),
  title: z.string(),
  status: z.enum(['active', 'draft', 'archived']),
  vendor: z.string().nullable(),
  imageUrl: z.string().nullable(),
  currency: z.string(),
  platform: z.string(),
  variantCount: z.number(),
  /** Minor units of `currency`; null while no variant's price is known. */
  minPriceMinor: z.number().nullable(),
  maxPriceMinor: z.number().nullable(),
  /** Summed over variants that track stock; null when none does. */
  inventoryQuantity: z.number().nullable(),
  updatedAt: z.string(),
});

export const productsResponse = z.object({ products: z.array(productItem), endCursor: z.string().nullable() });

export const productResponse = productItem.extend({
  externalId: z.string(),
  handle: z.string().nullable(),
  productType: z.string().nullable(),
  connectionId: z.string(),
  deletedAt: z.string().nullable(),
  variants: z.array(
    z.object({
      id: z.string(),
      externalId: z.string(),
      title: z.string().nullable(),
      sku: z.string().nullable(),
      priceMinor: z.number().nullable(),
      compareAtPriceMinor: z.number().nullable(),
      inventoryQuantity: z.number().nullable(),
      position: z.number(),
      imageUrl: z.string().nullable(),
      platformUpdatedAt: z.string().nullable(),
    }),
  ),
});
