import type { CampaignsRepo } from './campaigns/campaigns.port.ts';
import type { WebhookTopicsRepo } from './webhooks/webhooks.port.ts';
import type { ConsentsRepo } from './customers/consent.port.ts';
import type { EventQueueRepo } from './domain-events/event-queue.port.ts';
import type { FlowsRepo } from './flows/flows.port.ts';
import type { MessagesRepo } from './messaging/messages.port.ts';
import type { InboundMessagesRepo } from './messaging/whatsapp/inbound.port.ts';
import type { CodRepo } from './cod/cod.port.ts';
import type { CatalogueRepo } from './catalogue/catalogue.port.ts';
import type { AutomationTriggersRepo } from './automation/automation.port.ts';
import type { CheckoutsRepo } from './checkouts/checkouts.port.ts';
import type { TicketsRepo } from './service/tickets.port.ts';
import type { SegmentMembershipRepo } from './segments/segment-membership.port.ts';
import type { LoyaltyRepos } from './loyalty/loyalty.port.ts';
import type { CanonicalAddress, CanonicalCustomer, CanonicalLineItem, CanonicalOrder, CanonicalRefund } from './events.ts';
import type { Connection } from './tenancy/connections.port.ts';

// The domain reaches storage only through these ports. Signatures are async so that a
// PostgreSQL implementation can drop in; the SQLite one (src/db/repos) answers synchronously.

/** The one connection model (an allowlist of fields: no secret ever reaches the domain). */
export type ConnectionRecord = Connection;

/** The person's contact facts, as every source describes them (the canonical customer's own). */
type ContactFacts = Pick<CanonicalCustomer, 'email' | 'phone' | 'firstName' | 'lastName'>;

/** A profile: one person across stores. */
export type CustomerRecord = ContactFacts &
  Pick<CanonicalCustomer, 'locale'> & {
    id: string;
    accountId: string;
    emailKey: string | null;
    currency: string;
    ordersCount: number;
    amountSpentMinor: number;
    firstOrderAt: string | null;
    lastOrderAt: string | null;
    createdAt: string;
    updatedAt: string;
    redactedAt: string | null;
  };

/** One store's customer linked to a profile, with what that store last said about them. */
export type IdentityRecord = ContactFacts &
  Pick<CanonicalCustomer, 'externalId'> & {
    id: string;
    accountId: string;
    customerId: string;
    connectionId: string;
    phoneRaw: string | null;
    linkedBy: 'new' | 'email' | 'phone' | 'merge';
    sourceUpdatedAt: string | null;
    deletedAt: string | null;
    createdAt: string;
  };

/**
 * A stored order: the canonical order's own facts (a field added to CanonicalOrder lands here
 * unless it is listed as kept elsewhere), plus what storage adds. Kept elsewhere: the shopper
 * (resolved to `customerId`), line items and refunds (their own records), addresses (on the
 * profile), `presentment` (flattened), `updatedAt` (`sourceUpdatedAt`), `trashed` (`deletedAt`).
 */
export type OrderRecord = Omit<
  CanonicalOrder,
  'customer' | 'guestName' | 'lineItems' | 'refunds' | 'shippingAddress' | 'billingAddress' | 'presentment' | 'updatedAt' | 'trashed'
> & {
  id: string;
  accountId: string;
  connectionId: string;
  customerId: string | null;
  presentmentCurrency: string | null;
  presentmentTotalMinor: number | null;
  refundedMinor: number;
  deletedAt: string | null;
  /** When the trash state was last observed (the delivery's receipt); orders trash and restore. */
  trashObservedAt: string | null;
  sourceUpdatedAt: string;
};

export type LineItemRecord = CanonicalLineItem;

export type RefundRecord = CanonicalRefund & {
  id: string;
  accountId: string;
  connectionId: string;
};

/** An address as stored on a profile, keyed by its fingerprint (the same address once). */
export type AddressRecord = CanonicalAddress & { fingerprint: string };

type TimelineEntry = {
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
  saveDataRequest(row: {
    id: string;
    accountId: string;
    connectionId: string;
    externalRequestId: string | null;
    export: string;
    createdAt: string;
  }): Promise<void>;
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
  /** The app was uninstalled: the platform revoked its tokens, so every credential held for the store goes with the status change. */
  markUninstalled(id: string, at: string): Promise<void>;
  accountCurrency(accountId: string): Promise<string>;
  /** The account's shop time zone (its oldest store that has one), else null. */
  accountTimeZone(accountId: string): Promise<string | null>;
}

export type Repos = {
  loyalty: LoyaltyRepos;
  customers: CustomersRepo;
  orders: OrdersRepo;
  timeline: TimelineRepo;
  compliance: ComplianceRepo;
  connections: ConnectionsRepo;
  consents: ConsentsRepo;
  /** Saved segments and their kept members (crm/segments/membership.service.ts). */
  segments: SegmentMembershipRepo;
  /** Messages to shoppers: queue, claims and outcomes (crm/messaging). */
  messages: MessagesRepo;
  /** Domain events waiting for their consumers (crm/domain-events), queued in the unit that recorded them. */
  eventQueue: EventQueueRepo;
  /** The topics of the account's active outbound webhooks (crm/webhooks): the webhooks consumer subscribes by them. */
  webhookTopics: WebhookTopicsRepo;
  /** Automated flows' settings and skip counts (crm/flows). */
  flows: FlowsRepo;
  /** Campaigns, their recipients and the frequency cap (crm/campaigns). */
  campaigns: CampaignsRepo;
  /** What shoppers wrote to the shop (WhatsApp replies): crm/messaging/whatsapp. */
  inbound: InboundMessagesRepo;
  /** COD confirmation settings and asked orders (crm/cod). */
  cod: CodRepo;
  /** The shop's products and variants (crm/catalogue). */
  catalogue: CatalogueRepo;
  /** Which platform triggers (Shopify Flow) a store's workflows use (crm/automation). */
  automationTriggers: AutomationTriggersRepo;
  /** Checkouts the stores reported, for the abandoned-checkout flow (crm/checkouts). */
  checkouts: CheckoutsRepo;
  tickets: TicketsRepo;
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
