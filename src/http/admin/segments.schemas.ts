import { z } from 'zod';

// Request and response shapes of the segment routes (segments.routes.ts). The query language
// itself is checked by the domain's parser, which answers 400 with where and what went wrong.

export const segmentSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** Canonical text of the query (docs/segments.md). */
  query: z.string(),
  builtIn: z.string().nullable(),
  /** The customer tag (Shopify) / `rapport_segments` meta value (WooCommerce) the segment is mirrored as, or null. */
  syncTag: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const segmentsResponse = z.object({ segments: z.array(segmentSchema) });

// Shopify separates tags with commas and WooCommerce's meta value is a comma-separated list: a tag holds none.
const syncTag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[^,<>]+$/u, 'A store tag cannot hold a comma or angle brackets')
  .nullable()
  .describe('Mirror the segment at the stores as this customer tag (Shopify) and `rapport_segments` meta value (WooCommerce); null stops');

export const segmentInput = z.strictObject({
  name: z.string().trim().min(1).max(100),
  query: z.string().min(1).max(4000),
  syncTag: syncTag.optional(),
});
export const segmentPatch = segmentInput
  .partial()
  .refine((p) => p.name !== undefined || p.query !== undefined || p.syncTag !== undefined, 'Nothing to change');

export const segmentSyncResponse = z.object({
  syncTag: z.string().nullable(),
  /** Store customers (identities on active stores) of the segment's members: what the mirror should reach. */
  storeCustomers: z.number(),
  /** Store customers carrying the tag by Rapport's hand. */
  pushed: z.number(),
  /** The account's mirror writes still to do (all mirrored segments), those that failed at least once, the latest reason. */
  pending: z.number(),
  failing: z.number(),
  lastError: z.string().nullable(),
});
export const previewInput = z.strictObject({ query: z.string().max(4000) });

export const segmentMemberSchema = z.object({
  id: z.string(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  email: z.string().nullable(),
  numberOfOrders: z.number(),
  /** Major units of `currency`, as a decimal string. */
  amountSpent: z.string(),
  currency: z.string(),
  lastOrderAt: z.string().nullable(),
});
export const previewResponse = z.object({ count: z.number(), sample: z.array(segmentMemberSchema) });

export const membersQuery = z.strictObject({
  after: z.string().min(1).max(100).optional(),
  first: z.coerce.number().int().min(1).max(500).default(50),
});
export const membersResponse = z.object({ members: z.array(segmentMemberSchema), next: z.string().nullable() });
export const sizesResponse = z.object({ sizes: z.array(z.object({ day: z.string(), size: z.number() })) });
export const deleteSegmentResponse = z.object({ deleted: z.literal(true) });
export const segmentMembersCsv = z.string().describe('text/csv');

/** One field of the query language, for the editor's autocomplete (src/crm/segments/segment-fields.ts). */
export const segmentFieldSchema = z.object({
  name: z.string(),
  type: z.enum(['number', 'money', 'date', 'text', 'enum', 'list']),
  /** Several values per customer: `=` means "any of them", `!=` "none of them". */
  many: z.boolean(),
  /** `IS NULL` is meaningful. */
  nullable: z.boolean(),
  operators: z.array(z.string()),
  /** The allowed values of an enum field, else empty. */
  values: z.array(z.string()),
  /** One line in English, as docs/segments.md words it. */
  description: z.string(),
});
export const segmentFieldsResponse = z.object({
  fields: z.array(segmentFieldSchema),
  /** The language's keywords (AND, OR, NOT, BETWEEN, IN, CONTAINS, IS, NULL). */
  keywords: z.array(z.string()),
});

/** The 400 body's `details` for a query that does not parse. */
export const queryErrorDetails = z.object({
  position: z.number(),
  expected: z.array(z.string()).optional(),
  suggestion: z.string().optional(),
});
