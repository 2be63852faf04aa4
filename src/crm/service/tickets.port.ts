// Tickets of the service inbox: the repository a unit of work hands out (`repos.tickets`), so a
// ticket, its message, its tags and the customer's timeline entry commit together.

export type TicketStatus = 'open' | 'pending' | 'solved' | 'closed';
export type TicketPriority = 'low' | 'normal' | 'high' | 'urgent';
export type TicketChannel = 'email' | 'whatsapp';
export type TicketDirection = 'in' | 'out' | 'note';

export const TICKET_STATUSES: readonly TicketStatus[] = ['open', 'pending', 'solved', 'closed'];

export type Ticket = {
  id: string;
  accountId: string;
  number: number;
  customerId: string | null;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  assigneeId: string | null;
  channel: TicketChannel;
  /** The customer's address on the channel: a lower-cased email, or E.164. */
  contact: string;
  createdAt: string;
  updatedAt: string;
  lastMessageAt: string;
  firstResponseAt: string | null;
  solvedAt: string | null;
};

export type TicketMessage = {
  id: string;
  accountId: string;
  ticketId: string;
  direction: TicketDirection;
  channel: TicketChannel | 'note';
  authorType: 'customer' | 'staff' | 'system';
  authorId: string | null;
  fromAddress: string | null;
  text: string;
  html: string;
  messageId: string | null;
  inReplyTo: string | null;
  /** Message-IDs, oldest first (the References header). */
  references: string[];
  externalId: string | null;
  outboundMessageId: string | null;
  autoReply: boolean;
  createdAt: string;
};

export type TicketAttachment = {
  id: string;
  accountId: string;
  ticketId: string;
  ticketMessageId: string;
  filename: string;
  contentType: string;
  size: number;
  /** null: stored; otherwise why it was not kept. */
  droppedReason: 'too_large' | 'type_not_allowed' | null;
  createdAt: string;
};

export type TicketPatch = Partial<
  Pick<Ticket, 'status' | 'priority' | 'assigneeId' | 'subject' | 'customerId' | 'firstResponseAt' | 'solvedAt' | 'lastMessageAt'>
> & { updatedAt: string };

export type LinkedOrder = { orderId: string; name: string; linkedBy: 'staff' | 'detected' };

export interface TicketsRepo {
  /** The shop's next ticket number (a per-shop sequence starting at 1001). */
  nextNumber(accountId: string, now: string): Promise<number>;
  insert(ticket: Ticket): Promise<void>;
  get(accountId: string, id: string): Promise<Ticket | undefined>;
  byNumber(accountId: string, number: number): Promise<Ticket | undefined>;
  /** The newest ticket of this contact on the channel that is not closed (a WhatsApp conversation's ticket). */
  activeFor(accountId: string, channel: TicketChannel, contact: string): Promise<Ticket | undefined>;
  update(accountId: string, id: string, patch: TicketPatch): Promise<void>;
  /** Inserts unless the account has the message's external id on the channel already; returns whether it was new. */
  addMessage(message: TicketMessage): Promise<boolean>;
  /** Whether an inbound message with this external id was taken already (a redelivery). */
  hasExternal(accountId: string, channel: TicketChannel, externalId: string): Promise<boolean>;
  /** The ticket one of these Message-IDs belongs to (ours or the customer's), by index. */
  byMessageIds(accountId: string, messageIds: string[]): Promise<Ticket | undefined>;
  /** The ticket's email messages' threading headers, oldest first (to build References). */
  threadOf(accountId: string, ticketId: string): Promise<Array<Pick<TicketMessage, 'messageId' | 'direction' | 'channel'>>>;
  setTags(accountId: string, ticketId: string, tags: string[]): Promise<void>;
  tagsOf(ticketId: string): Promise<string[]>;
  /** Links orders (ignored when linked already). */
  linkOrders(accountId: string, ticketId: string, orderIds: string[], linkedBy: LinkedOrder['linkedBy'], now: string): Promise<void>;
  /** Replaces the staff-chosen links (detected ones stay unless listed out). */
  replaceOrders(accountId: string, ticketId: string, orderIds: string[], now: string): Promise<void>;
  /** The customer's orders whose name or number is one of these (`#1042`, `1042`). */
  customerOrdersNamed(accountId: string, customerId: string, names: string[]): Promise<Array<{ id: string; name: string }>>;
  /** Which of these order ids are the customer's. */
  customerOrderIds(accountId: string, customerId: string, orderIds: string[]): Promise<string[]>;
  addAttachment(attachment: TicketAttachment, contentBase64: string | null): Promise<void>;
}

/** Each shop's support address (unique across shops) and the ticket sequence's row. */
export interface SupportAddressesPort {
  get(accountId: string): Promise<{ supportAddress: string | null; updatedAt: string | null }>;
  /** Sets (or clears with null) the address; `taken` when another shop has it. */
  set(accountId: string, address: string | null, now: string): Promise<{ outcome: 'saved' } | { outcome: 'taken' }>;
  /** The shop that owns this address (lower-cased, without a +tag). */
  accountFor(address: string): Promise<string | undefined>;
}
