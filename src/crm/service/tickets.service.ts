import { newId } from '../../lib/ids.ts';
import type { Repos } from '../store.port.ts';
import { orderNamesIn } from './threading.ts';
import type { Ticket, TicketChannel, TicketMessage, TicketPatch, TicketPriority, TicketStatus } from './tickets.port.ts';

// Ticket writes shared by every way a ticket starts or grows (email, WhatsApp, staff): each runs
// inside the caller's unit of work, so the ticket, its message and the timeline commit together.

export type NewTicket = {
  accountId: string;
  customerId: string | null;
  subject: string;
  channel: TicketChannel;
  contact: string;
  priority?: TicketPriority;
  assigneeId?: string | null;
  status?: TicketStatus;
};

export async function openTicket(repos: Repos, input: NewTicket, now: string): Promise<Ticket> {
  const ticket: Ticket = {
    id: newId('tkt'),
    accountId: input.accountId,
    number: await repos.tickets.nextNumber(input.accountId, now),
    customerId: input.customerId,
    subject: input.subject.slice(0, 250) || '(no subject)',
    status: input.status ?? 'open',
    priority: input.priority ?? 'normal',
    assigneeId: input.assigneeId ?? null,
    channel: input.channel,
    contact: input.contact,
    createdAt: now,
    updatedAt: now,
    lastMessageAt: now,
    firstResponseAt: null,
    solvedAt: null,
  };
  await repos.tickets.insert(ticket);
  if (ticket.customerId) {
    await repos.timeline.add({
      accountId: ticket.accountId,
      customerId: ticket.customerId,
      kind: 'ticket_created',
      occurredAt: now,
      subjectType: 'ticket',
      subjectId: ticket.id,
      data: { number: ticket.number, subject: ticket.subject, channel: ticket.channel },
      dedupeKey: `ticket_created:${ticket.id}`,
    });
  }
  return ticket;
}

/**
 * A customer's message on a ticket, once per external id (false: a redelivery, nothing changed).
 * It reopens a pending or solved ticket unless it is an auto-reply; orders it names that are the
 * customer's are linked (`detected`); an email goes on the timeline (`message_received`).
 */
export async function addCustomerMessage(
  repos: Repos,
  ticket: Ticket,
  message: Omit<TicketMessage, 'id' | 'accountId' | 'ticketId' | 'direction' | 'authorType' | 'authorId' | 'outboundMessageId'> & {
    id?: string;
    subject?: string;
  },
  now: string,
): Promise<TicketMessage | null> {
  const row: TicketMessage = {
    ...message,
    id: message.id ?? newId('tmsg'),
    accountId: ticket.accountId,
    ticketId: ticket.id,
    direction: 'in',
    authorType: 'customer',
    authorId: ticket.customerId,
    outboundMessageId: null,
  };
  delete (row as { subject?: string }).subject;
  if (!(await repos.tickets.addMessage(row))) return null;
  const reopen = !message.autoReply && (ticket.status === 'pending' || ticket.status === 'solved');
  const patch: TicketPatch = {
    updatedAt: now,
    lastMessageAt: message.createdAt > ticket.lastMessageAt ? message.createdAt : ticket.lastMessageAt,
  };
  if (reopen) Object.assign(patch, { status: 'open', solvedAt: null });
  await repos.tickets.update(ticket.accountId, ticket.id, patch);
  if (ticket.customerId) {
    const names = orderNamesIn(`${message.subject ?? ''}\n${message.text}`, ticket.number);
    if (names.length) {
      const found = await repos.tickets.customerOrdersNamed(ticket.accountId, ticket.customerId, names);
      if (found.length)
        await repos.tickets.linkOrders(
          ticket.accountId,
          ticket.id,
          found.map((o) => o.id),
          'detected',
          now,
        );
    }
    // WhatsApp's webhook puts every inbound message on the timeline already (messaging/whatsapp).
    if (message.channel === 'whatsapp') return row;
    await repos.timeline.add({
      accountId: ticket.accountId,
      customerId: ticket.customerId,
      kind: 'message_received',
      occurredAt: message.createdAt,
      subjectType: 'ticket_message',
      subjectId: row.id,
      data: { channel: message.channel, ticket: ticket.number, body: message.text.slice(0, 500), autoReply: message.autoReply },
      dedupeKey: `message_received:ticket:${row.id}`,
    });
  }
  return row;
}

/** Status changes stamp `solvedAt` (solved or closed; cleared when reopened). */
export function statusPatch(ticket: Ticket, status: TicketStatus, now: string): TicketPatch {
  if (status === ticket.status) return { updatedAt: now };
  const done = status === 'solved' || status === 'closed';
  return { status, solvedAt: done ? (ticket.solvedAt ?? now) : null, updatedAt: now };
}
