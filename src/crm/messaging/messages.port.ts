import type { ChannelId } from './channel.port.ts';

// Messages to shoppers: the queue the sender drains (`MessagesRepo`, bound to each unit of work
// as `repos.messages`, so a status change and its timeline entry commit together) and the admin's
// read model (`MessageQueriesPort`).

export type MessagePurpose = 'marketing' | 'transactional';
export type MessageStatus = 'queued' | 'sending' | 'sent' | 'delivered' | 'failed' | 'bounced' | 'suppressed';

/** What a list shows: no bodies. */
export type MessageSummary = {
  id: string;
  accountId: string;
  customerId: string | null;
  channel: ChannelId;
  purpose: MessagePurpose;
  source: string;
  sourceId: string | null;
  to: string;
  language: string;
  subject: string | null;
  status: MessageStatus;
  provider: string | null;
  providerMessageId: string | null;
  error: string | null;
  attempts: number;
  queuedAt: string;
  sentAt: string | null;
  updatedAt: string;
};

/**
 * Channel-specific content, JSON (null for email): for WhatsApp a template send, free-form text or
 * reply buttons (crm/messaging/whatsapp/payload.ts). `text` stays the readable version of it.
 */
export type MessagePayload = { readonly type: string } & Readonly<Record<string, unknown>>;
export type MessageBody = { dir: 'ltr' | 'rtl'; html: string; text: string; payload: MessagePayload | null };
export type StoredMessage = MessageSummary & MessageBody;
/** A status change, or engagement: opened, clicked (detail: the link), read (a WhatsApp read receipt: the status stays delivered), unsubscribed, complained. */
export type MessageEventStatus = MessageStatus | Engagement | 'read' | 'unsubscribed' | 'complained';
export type MessageEvent = { status: MessageEventStatus; detail: string | null; occurredAt: string };
/** What a provider reported about a sent message (WhatsApp status webhooks). */
export type ProviderStatus = 'sent' | 'delivered' | 'read' | 'failed';

export type NewMessage = {
  accountId: string;
  customerId: string | null;
  channel: ChannelId;
  purpose: MessagePurpose;
  source: string;
  sourceId: string | null;
  /** Unique per account: the same key queued twice is one message. */
  idempotencyKey: string;
  to: string;
  language: string;
  dir: 'ltr' | 'rtl';
  subject: string | null;
  html: string;
  text: string;
  /** Not sent before this time (a flow's delay, a campaign's send window); now when absent. */
  sendAt?: string | null;
  payload?: MessagePayload | null;
};

export type QueueOutcome = { outcome: 'queued' | 'duplicate'; id: string };

export interface MessagesRepo {
  /** Inserts the message (status queued) unless the account already has its idempotency key. */
  queue(id: string, message: NewMessage, now: string): Promise<QueueOutcome>;
  /**
   * Takes up to `limit` due messages (queued, a retry whose backoff has passed, or a claim whose
   * lease lapsed) for this sender: status sending, one more attempt, leased until `leaseUntil`.
   * Several processes may claim at once (PostgreSQL: SKIP LOCKED); each message goes to one.
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<StoredMessage[]>;
  markSent(accountId: string, id: string, sent: { provider: string; providerMessageId: string }, now: string): Promise<void>;
  /** A failure: queued again at `retryAt`, or failed for good when null. */
  markFailed(accountId: string, id: string, error: string, retryAt: string | null, now: string): Promise<void>;
  /** Not sent: no consent at send time, or the address is suppressed. */
  markSuppressed(accountId: string, id: string, reason: string, now: string): Promise<void>;
  /** An address that hard-bounced or complained (bounce and complaint intake come later). */
  suppressAddress(accountId: string, channel: ChannelId, address: string, reason: 'bounce' | 'complaint', now: string): Promise<void>;
  isSuppressed(accountId: string, channel: ChannelId, address: string): Promise<boolean>;
  /**
   * An open or a click of the account's message: the first is stamped on the message
   * (`opened_at`, `clicked_at`), each is a `message_events` row. False when the account has no such message.
   */
  recordEngagement(accountId: string, messageId: string, kind: Engagement, detail: string | null, now: string): Promise<boolean>;
  /** Whose message this is, for a delivery report that names only the message (bounces, complaints). */
  ownerOf(
    id: string,
  ): Promise<{ accountId: string; customerId: string | null; channel: ChannelId; to: string; status: MessageStatus } | undefined>;
  /** A hard bounce: status bounced (once; never over suppressed), with the report's detail. */
  markBounced(accountId: string, id: string, detail: string, now: string): Promise<void>;
  /** Another event on the account's message (`unsubscribed`, `complained`); false when the account has no such message. */
  addEvent(accountId: string, messageId: string, status: string, detail: string | null, now: string): Promise<boolean>;
  /** The customer's messages queued in [from, to] that were clicked or (WhatsApp) delivered, newest first. */
  touchesOf(accountId: string, customerId: string, from: string, to: string, limit: number): Promise<MessageTouch[]>;
  /** The account's attribution window in days (messaging_settings; the default without a row). */
  attributionWindowDays(accountId: string): Promise<number>;
  /** Records which message an order counts for, once: false when the order already has one. */
  attribute(attribution: OrderAttribution): Promise<boolean>;
  /** The account's message the provider knows by this id (WhatsApp's wamid), by index. */
  byProviderId(accountId: string, providerMessageId: string): Promise<MessageSummary | undefined>;
  /**
   * A provider's status report, applied forward only: `delivered` (or `read`, which implies it)
   * moves a sent message to delivered, never back; `failed` fails a message not yet delivered.
   * Each status is recorded once as an event. Returns whether anything changed.
   */
  recordProviderStatus(
    accountId: string,
    id: string,
    status: ProviderStatus,
    detail: string | null,
    at: string,
  ): Promise<{ changed: boolean; status: MessageStatus }>;
}

export type Engagement = 'opened' | 'clicked';

export type MessageTouch = {
  messageId: string;
  source: string;
  sourceId: string | null;
  channel: ChannelId;
  clickedAt: string | null;
  deliveredAt: string | null;
};

export type OrderAttribution = {
  orderId: string;
  accountId: string;
  messageId: string;
  source: string;
  sourceId: string | null;
  channel: ChannelId;
  touch: 'click' | 'delivered';
  touchedAt: string;
  attributedAt: string;
};

export type MessageFilter = { status?: MessageStatus; channel?: ChannelId; customerId?: string };
/** Where a page ended: the next page starts after this message. */
export type MessageCursor = { queuedAt: string; id: string };
export type MessagePage = { messages: MessageSummary[]; next: MessageCursor | null };

export interface MessageQueriesPort {
  /** Newest first, keyset-paged by (queued at, id). */
  list(accountId: string, filter: MessageFilter, after: MessageCursor | null, limit: number): Promise<MessagePage>;
  get(accountId: string, id: string): Promise<(StoredMessage & { events: MessageEvent[] }) | undefined>;
}
