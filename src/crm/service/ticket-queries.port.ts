import type { LinkedOrder, Ticket, TicketAttachment, TicketChannel, TicketMessage, TicketStatus } from './tickets.port.ts';

// The Inbox's read model: the queue (filters, counts per status, keyset paging on the
// (account, status, updated_at, id) or (account, updated_at, id) index) and one conversation.

export type TicketFilter = {
  status?: TicketStatus;
  assigneeId?: string;
  /** Only tickets nobody is assigned to. */
  unassigned?: boolean;
  channel?: TicketChannel;
  tag?: string;
  customerId?: string;
  /** A number (`1042`, `#1042`) or words of the subject. */
  search?: string;
};

/** Where a page ended: the next page starts after this ticket (newest activity first). */
export type TicketCursor = { updatedAt: string; id: string };

export type TicketSummary = Ticket & { tags: string[]; customerName: string | null };

export type TicketPage = { tickets: TicketSummary[]; next: TicketCursor | null; counts: Record<TicketStatus, number> };

export type TicketConversation = TicketSummary & {
  messages: Array<TicketMessage & { attachments: Array<Omit<TicketAttachment, 'accountId' | 'ticketId' | 'ticketMessageId'>> }>;
  orders: LinkedOrder[];
};

export interface TicketQueriesPort {
  /** Newest activity first; `counts` are per status under the same filter without its status. */
  list(accountId: string, filter: TicketFilter, after: TicketCursor | null, limit: number): Promise<TicketPage>;
  get(accountId: string, id: string): Promise<TicketConversation | undefined>;
}
