import type { AddressRecord, CustomerRecord, IdentityRecord, OrderRecord } from '../store.port.ts';
import type { Cursor, CustomerFilters, CustomerSort } from './customer-list.ts';

// The read side of customers for the admin API: list, search, profile, timeline, export. Every
// query is scoped by account; implemented in db/.

export type ListOptions = {
  query?: string;
  sort: CustomerSort;
  descending: boolean;
  first: number;
  after?: Cursor;
  filters?: CustomerFilters;
};

export type ListedCustomer = {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  numberOfOrders: number;
  amountSpentMinor: number;
  currency: string;
  lastOrderAt: string | null;
  createdAt: string;
  updatedAt: string;
  sortValue: string | number;
};
export type CustomerPage = { rows: ListedCustomer[]; hasNextPage: boolean; endCursor: string | null };

export type ExportRow = {
  id: string;
  email: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  numberOfOrders: number;
  amountSpentMinor: number;
  currency: string;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  createdAt: string;
  tags: string | null;
  tier: string | null;
};
export type ExportBatch = { rows: ExportRow[]; next: Cursor | null };

/** Spend per customer in currencies other than the account's (no exchange rates to add them). */
export type SpendElsewhere = Map<string, Array<{ currency: string; spent: number }>>;

export type CustomerProfile = {
  customer: CustomerRecord;
  identities: Array<
    Pick<IdentityRecord, 'connectionId' | 'externalId' | 'email' | 'phone' | 'phoneRaw' | 'deletedAt' | 'createdAt'> & {
      store: string;
      platform: string;
      linkedBy: string;
    }
  >;
  tags: string[];
  addresses: Array<Omit<AddressRecord, 'fingerprint'>>;
  merges: Array<{ fromId: string; reason: string; mergedAt: string }>;
  byCurrency: Array<{ currency: string; n: number; spent: number }>;
  /** The latest 50, newest first. */
  recentOrders: ProfileOrder[];
  /** Marketing consent per channel that has a decision (messaging checks it at send time). */
  consents: Array<{ channel: string; state: string; source: string; decidedAt: string }>;
};

export type ProfileOrder = Pick<
  OrderRecord,
  'id' | 'name' | 'placedAt' | 'totalMinor' | 'refundedMinor' | 'currency' | 'platformStatus' | 'deletedAt'
> & {
  status: string;
  paymentStatus: string;
  fulfilmentStatus: string;
  paymentMethod: string;
  /** What was bought, in the order the store listed it. */
  lines: ProfileOrderLine[];
};

export type ProfileOrderLine = {
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  priceMinor: number;
  totalMinor: number;
};

export type TimelineRow = {
  id: number;
  kind: string;
  occurredAt: string;
  subjectType: string | null;
  subjectId: string | null;
  data: string;
};
export type TimelineRows = { events: TimelineRow[]; hasNextPage: boolean; endCursor: string | null };

export interface CustomerQueriesPort {
  /** A profile id, following merges (an old id keeps working after two profiles merge); null when not this account's. */
  resolveId(accountId: string, id: string): Promise<string | null>;
  list(accountId: string, o: ListOptions): Promise<CustomerPage>;
  spendElsewhere(customerIds: string[], currency: string): Promise<SpendElsewhere>;
  profile(accountId: string, customerId: string): Promise<CustomerProfile | null>;
  /** null when `afterId` is not one of this customer's events (a cursor must not position another's page). */
  timeline(accountId: string, customerId: string, first: number, afterId?: number, kinds?: string[]): Promise<TimelineRows | null>;
  /** One batch of the CSV export (search, filters and order as the list). */
  exportBatch(accountId: string, o: Omit<ListOptions, 'after'> & { after?: Cursor }): Promise<ExportBatch>;
  /** Who did it, by name: actor ids (`staff:<login>`, `shopify:<shop>:<user>`) of this account to names, when known. */
  actorNames(accountId: string, actors: Iterable<string | null>): Promise<Map<string, string>>;
}
