// Storage of saved segments (db/segments.repo.ts), every call scoped to one account.

export type Segment = {
  id: string;
  accountId: string;
  name: string;
  /** Canonical query text (segment-query.printer.ts). */
  query: string;
  /** The built-in segment's key, or null for the merchant's own. */
  builtIn: string | null;
  /** The customer tag (Shopify) / meta value (WooCommerce) it is mirrored as at the stores, or null (segment-sync.service.ts). */
  syncTag: string | null;
  createdAt: string;
  updatedAt: string;
};

export type SegmentUpdate = { name: string; query: string; syncTag?: string | null; updatedAt: string };

export interface SegmentsPort {
  list(accountId: string): Promise<Segment[]>;
  get(accountId: string, id: string): Promise<Segment | undefined>;
  byName(accountId: string, name: string): Promise<Segment | undefined>;
  insert(segment: Segment): Promise<void>;
  update(accountId: string, id: string, patch: SegmentUpdate): Promise<void>;
  /** The segment mirrored as this tag, if any (tags are unique per account). */
  bySyncTag(accountId: string, tag: string): Promise<Segment | undefined>;
  /** Whether a segment was deleted. */
  delete(accountId: string, id: string): Promise<boolean>;
}
