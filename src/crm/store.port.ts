import type { LoyaltyRepos } from './loyalty/loyalty.port.ts';
import type { Connection } from './tenancy/connections.port.ts';
import type { FulfilmentStatus, OrderStatus, PaymentMethod, PaymentStatus } from './events.ts';

// The domain reaches storage only through these ports. Signatures are async so that a
// PostgreSQL implementation can drop in; the SQLite one (src/db/repos) answers synchronously.

/** The one connection model (an allowlist of fields: no secret ever reaches the domain). */
export type ConnectionRecord = Connection;

export type CustomerRecord = {
  id: string;
  accountId: string;
  email: string | null;
  emailKey: string | null;
  phone: string | null;
  firstName: string | null;
  lastName: string | null;
  locale: string | null;
  currency: string;
  ordersCount: number;
  amountSpentMinor: number;
  firstOrderAt: string | null;
  lastOrderAt: string | null;
  createdAt: string;
  updatedAt: string;
  redactedAt: string | null;
};

export type IdentityRecord = {
  id: string;
  accountId: string;
  customerId: string;
  connectionId: string;
  externalId: string;
  email: string | null;
  phone: string | null;
  phoneRaw: string | null;
  firstName: string | null;
  lastName: string | null;
  linkedBy: 'new' | 'email' | 'phone' | 'merge';
  sourceUpdatedAt: string | null;
  deletedAt: string | null;
  createdAt: string;
};

export type OrderRecord = {
  id: string;
  accountId: string;
  connectionId: string;
  externalId: string;
  customerId: string | null;
  name: string | null;
  email: string | null;
  phone: string | null;
  status: OrderStatus;
  paymentStatus: PaymentStatus;
  fulfilmentStatus: FulfilmentStatus;
  paymentMethod: PaymentMethod;
  platformStatus: string | null;
  gateway: string | null;
  currency: string;
  subtotalMinor: number;
  shippingMinor: number;
  taxMinor: number;
  discountMinor: number;
  totalMinor: number;
  presentmentCurrency: string | null;
  presentmentTotalMinor: number | null;
  refundedMinor: number;
  placedAt: string;
  paidAt: string | null;
  fulfilledAt: string | null;
  deliveredAt: string | null;
  cancelledAt: string | null;
  deletedAt: string | null;
  /** When the trash state was last observed (the delivery's receipt); orders trash and restore. */
  trashObservedAt: string | null;
  sourceUpdatedAt: string;
  test: boolean;
  discountCodes: string[];
};

export type LineItemRecord = {
  externalId: string;
  productId: string | null;
  variantId: string | null;
  sku: string | null;
  title: string;
  quantity: number;
  priceMinor: number;
  totalMinor: number;
  giftCard: boolean;
};

export type RefundRecord = {
  id: string;
  accountId: string;
  connectionId: string;
  externalId: string;
  orderExternalId: string;
  amountMinor: number;
  currency: string;
  reason: string | null;
  createdAt: string;
};

export type AddressRecord = {
  fingerprint: string;
  name: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  province: string | null;
  zip: string | null;
  countryCode: string | null;
  phone: string | null;
};

export type TimelineEntry = {
  accountId: string;
  customerId: string;
  kind: string;
  occurredAt: string;
  subjectType: string | null;
  subjectId: string | null;
  data: Record<string, unknown>;
  dedupeKey: string;
};

export interface CustomersRepo {
  findIdentity(connectionId: string, externalId: string): Promise<IdentityRecord | undefined>;
  findByEmailKey(accountId: string, emailKey: string, exceptId?: string): Promise<CustomerRecord | undefined>;
  findByPhone(accountId: string, phone: string, exceptId?: string): Promise<CustomerRecord | undefined>;
  get(accountId: string, id: string): Promise<CustomerRecord | undefined>;
  insert(customer: CustomerRecord): Promise<void>;
  update(id: string, patch: Partial<CustomerRecord>): Promise<void>;
  insertIdentity(identity: IdentityRecord): Promise<void>;
  updateIdentity(id: string, patch: Partial<IdentityRecord>): Promise<void>;
  identitiesOf(customerId: string): Promise<IdentityRecord[]>;
  /** Moves every row of `fromId` to `intoId`, records the merge, deletes `fromId`. */
  merge(accountId: string, fromId: string, intoId: string, reason: string, at: string): Promise<void>;
  upsertAddress(accountId: string, customerId: string, connectionId: string, address: AddressRecord, at: string): Promise<void>;
  replaceTags(accountId: string, customerId: string, source: string, tags: string[]): Promise<void>;
  recomputeStats(customerId: string, reportingCurrency: string, at: string): Promise<void>;
  tagsOf(customerId: string): Promise<string[]>;
  delete(customerId: string): Promise<void>;
}

export interface OrdersRepo {
  find(connectionId: string, externalId: string): Promise<OrderRecord | undefined>;
  upsert(order: OrderRecord, lineItems: LineItemRecord[]): Promise<void>;
  update(id: string, patch: Partial<OrderRecord>): Promise<void>;
  /** Inserts unless a refund with that external id exists; returns whether it was new. */
  insertRefund(refund: RefundRecord): Promise<boolean>;
  refundsOf(connectionId: string, orderExternalId: string): Promise<RefundRecord[]>;
  customerIdsOfConnection(connectionId: string): Promise<string[]>;
  byId(accountId: string, id: string): Promise<OrderRecord | undefined>;
  lineItemsOf(orderId: string): Promise<LineItemRecord[]>;
  /** The customer's earliest order that counts in their stats (not cancelled, deleted or a test). */
  firstCountedId(customerId: string): Promise<string | undefined>;
  /** Orders of a customer, oldest first (loyalty re-checks them after a merge). */
  idsOfCustomer(customerId: string): Promise<string[]>;
  /** Net of refunds, in `currency` only, placed in [from, to); cancelled, deleted and test orders excluded (tier qualification). */
  spentBetween(customerId: string, currency: string, from: string | null, to: string): Promise<number>;
  /** The account's orders placed in [from, to) that count in stats, newest first, at most `limit` (the program backtest). */
  countedPlacedBetween(accountId: string, from: string, to: string, limit: number): Promise<OrderRecord[]>;
}

export interface TimelineRepo {
  /** Idempotent on (account, dedupeKey); returns whether the entry was new. */
  add(entry: TimelineEntry): Promise<boolean>;
}

/**
 * One thing that identified an erased person: a store's customer id (scoped to that store), a
 * lower-cased email or a phone (E.164, or its digits when it could not be read).
 */
export type ErasureKey = { kind: 'customer_id'; connectionId: string; value: string } | { kind: 'email' | 'phone'; value: string };

export interface ComplianceRepo {
  /** Remembers that these keys were erased in the account, as keyed hashes only (never the values). */
  addTombstones(accountId: string, keys: ErasureKey[], at: string): Promise<void>;
  /** Whether any of the keys belongs to a person erased in the account. */
  isErased(accountId: string, keys: ErasureKey[]): Promise<boolean>;
  findCustomers(connectionId: string, ref: { externalId: string | null; email: string | null; phone: string | null }): Promise<string[]>;
  exportCustomer(customerId: string): Promise<Record<string, unknown>>;
  saveDataRequest(row: { id: string; accountId: string; connectionId: string; externalRequestId: string | null; export: string; createdAt: string }): Promise<void>;
  /** Marks an account's data request handed over; false when there is no such request. */
  markDataRequestFulfilled(accountId: string, id: string, at: string): Promise<boolean>;
  redactCustomer(customerId: string, at: string): Promise<void>;
  redactOrders(connectionId: string, orderExternalIds: string[]): Promise<void>;
  /**
   * Blanks stored webhook bodies of this connection that mention any of the needles (a phone
   * also written another way), or name one of the store's customer ids as their customer; drops
   * data-request exports that mention a needle (an erased person's export must not outlive them).
   */
  scrubInbox(connectionId: string, needles: string[], customerIds?: string[]): Promise<number>;
  eraseConnection(connectionId: string): Promise<void>;
}

export interface ConnectionsRepo {
  get(id: string): Promise<ConnectionRecord | undefined>;
  markUninstalled(id: string, at: string): Promise<void>;
  accountCurrency(accountId: string): Promise<string>;
}

export type Repos = {
  loyalty: LoyaltyRepos;
  customers: CustomersRepo;
  orders: OrdersRepo;
  timeline: TimelineRepo;
  compliance: ComplianceRepo;
  connections: ConnectionsRepo;
};

export interface CrmStore {
  /** Runs `work` atomically. The SQLite store serialises units of work in-process. */
  transaction<T>(work: (repos: Repos) => Promise<T>): Promise<T>;
  /**
   * Runs several units of work with one commit: each `transaction()` called inside `work` is a
   * nested unit (a savepoint) that rolls back alone. Implementations without cheap nesting may
   * simply run `work`.
   */
  batch<T>(work: () => Promise<T>, options?: BatchOptions): Promise<T>;
}

export type BatchOptions = {
  /**
   * For callers that abandon the whole batch when any unit fails (imports, reconciles): units
   * are not nested, and any unit's failure rolls the whole batch back, even if caught. Saves a
   * savepoint per unit, which SQLite pays for by copying every page the unit touches.
   */
  allOrNothing?: boolean;
};
