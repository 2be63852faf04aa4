import { newId } from '../../lib/ids.ts';
import { normaliseEmail, normalisePhone } from '../../lib/identity.ts';
import { contactFor } from '../customers/customers.service.ts';
import { queueMessage } from '../messaging/messages.service.ts';
import type { CrmStore, Repos } from '../store.port.ts';
import { textToHtml } from './text-html.ts';
import { referencesFor, replySubject } from './threading.ts';
import { openTicket, statusPatch } from './tickets.service.ts';
import type { SupportAddressesPort, Ticket, TicketChannel, TicketMessage, TicketPriority, TicketStatus } from './tickets.port.ts';

// What staff do with tickets (the admin API): create one, change it, write an internal note, or
// reply. A reply goes by the ticket's channel through the messaging queue as a transactional
// message (the sender delivers it): email threads with In-Reply-To / References and our recorded
// Message-ID, Reply-To the shop's support address; WhatsApp free text only inside the 24-hour
// customer-service window (outside it Meta needs a template: `template_needed`).

const WINDOW_MS = 24 * 3600_000;
const RTL = new Set(['ur', 'pa']);

export type TicketActionsDeps = {
  store: CrmStore;
  addresses: SupportAddressesPort;
  /** The domain of our Message-IDs (the From address's): `<msg_…@domain>`, as the email channel sends them. */
  mailDomain: string;
};

export type StaffTicket = {
  customerId?: string;
  email?: string;
  phone?: string;
  channel: TicketChannel;
  subject: string;
  note?: string;
  priority?: TicketPriority;
  assigneeId?: string | null;
  tags?: string[];
};

export type TicketChange = {
  status?: TicketStatus;
  priority?: TicketPriority;
  assigneeId?: string | null;
  tags?: string[];
  /** The staff-linked orders (replaces them; detected links stay). */
  orderIds?: string[];
};

export type CreateOutcome = { outcome: 'created'; ticket: Ticket } | { outcome: 'customer_not_found' } | { outcome: 'no_address' };
export type ChangeOutcome = { outcome: 'updated' } | { outcome: 'not_found' } | { outcome: 'orders_not_customers'; orderIds: string[] };
export type ReplyOutcome =
  | { outcome: 'queued'; message: TicketMessage }
  | { outcome: 'not_found' }
  | { outcome: 'no_address' }
  | { outcome: 'template_needed'; lastInboundAt: string | null };

export function createTicketActions(deps: TicketActionsDeps) {
  const { store } = deps;
  return {
    create: (accountId: string, input: StaffTicket, staffId: string | null, now: string): Promise<CreateOutcome> =>
      store.transaction(async (repos) => {
        let customerId = input.customerId ?? null;
        let contact = input.channel === 'email' ? normaliseEmail(input.email) : normalisePhone(input.phone);
        if (customerId) {
          const customer = await repos.customers.get(accountId, customerId);
          if (!customer || customer.redactedAt) return { outcome: 'customer_not_found' as const };
          contact ??= input.channel === 'email' ? customer.emailKey : customer.phone;
        } else if (contact) {
          customerId = await contactFor(
            repos,
            accountId,
            input.channel === 'email' ? { email: contact } : { phone: contact },
            'service',
            now,
          );
        }
        if (!contact) return { outcome: 'no_address' as const };
        const ticket = await openTicket(
          repos,
          {
            accountId,
            customerId,
            subject: input.subject,
            channel: input.channel,
            contact,
            priority: input.priority,
            assigneeId: input.assigneeId,
          },
          now,
        );
        if (input.tags?.length) await repos.tickets.setTags(accountId, ticket.id, normaliseTags(input.tags));
        if (input.note) await addNote(repos, ticket, input.note, staffId, now);
        return { outcome: 'created' as const, ticket };
      }),

    change: (accountId: string, id: string, change: TicketChange, now: string): Promise<ChangeOutcome> =>
      store.transaction(async (repos) => {
        const ticket = await repos.tickets.get(accountId, id);
        if (!ticket) return { outcome: 'not_found' as const };
        if (change.orderIds) {
          const mine = ticket.customerId ? await repos.tickets.customerOrderIds(accountId, ticket.customerId, change.orderIds) : [];
          const foreign = change.orderIds.filter((o) => !mine.includes(o));
          if (foreign.length) return { outcome: 'orders_not_customers' as const, orderIds: foreign };
          await repos.tickets.replaceOrders(accountId, id, mine, now);
        }
        await repos.tickets.update(accountId, id, {
          ...(change.status ? statusPatch(ticket, change.status, now) : { updatedAt: now }),
          ...(change.priority ? { priority: change.priority } : {}),
          ...(change.assigneeId !== undefined ? { assigneeId: change.assigneeId } : {}),
        });
        if (change.tags) await repos.tickets.setTags(accountId, id, normaliseTags(change.tags));
        return { outcome: 'updated' as const };
      }),

    note: (accountId: string, id: string, text: string, staffId: string | null, now: string) =>
      store.transaction(async (repos) => {
        const ticket = await repos.tickets.get(accountId, id);
        if (!ticket) return { outcome: 'not_found' as const };
        return { outcome: 'added' as const, message: await addNote(repos, ticket, text, staffId, now) };
      }),

    async reply(
      accountId: string,
      id: string,
      input: { text: string; language?: string; status?: TicketStatus },
      staffId: string | null,
      now: string,
    ): Promise<ReplyOutcome> {
      const { supportAddress } = await deps.addresses.get(accountId);
      return store.transaction(async (repos) => {
        const ticket = await repos.tickets.get(accountId, id);
        if (!ticket) return { outcome: 'not_found' as const };
        if (!ticket.contact) return { outcome: 'no_address' as const };
        if (ticket.channel === 'whatsapp') {
          const last = await repos.inbound.lastReceivedAt(accountId, 'whatsapp', ticket.contact);
          if (!last || Date.parse(now) - Date.parse(last) >= WINDOW_MS) return { outcome: 'template_needed' as const, lastInboundAt: last };
        }
        return {
          outcome: 'queued' as const,
          message: await queueReply(repos, deps.mailDomain, supportAddress, ticket, input, staffId, now),
        };
      });
    },
  };
}

export type TicketActions = ReturnType<typeof createTicketActions>;

async function queueReply(
  repos: Repos,
  mailDomain: string,
  supportAddress: string | null,
  ticket: Ticket,
  input: { text: string; language?: string; status?: TicketStatus },
  staffId: string | null,
  now: string,
): Promise<TicketMessage> {
  const messageId = newId('msg');
  const rowId = newId('tmsg');
  const language = input.language ?? 'en';
  const html = textToHtml(input.text);
  let headers: Pick<TicketMessage, 'messageId' | 'inReplyTo' | 'references'> = { messageId: null, inReplyTo: null, references: [] };
  let subject: string | null = null;
  if (ticket.channel === 'email') {
    const thread = (await repos.tickets.threadOf(ticket.accountId, ticket.id)).filter((m) => m.messageId);
    const lastIn = [...thread].reverse().find((m) => m.direction === 'in') ?? thread.at(-1);
    headers = {
      messageId: `<${messageId}@${mailDomain}>`,
      inReplyTo: lastIn?.messageId ?? null,
      references: referencesFor(thread.map((m) => m.messageId!)),
    };
    subject = replySubject(ticket.subject, ticket.number);
  }
  await queueMessage(
    repos,
    {
      accountId: ticket.accountId,
      customerId: ticket.customerId,
      channel: ticket.channel,
      purpose: 'transactional',
      source: 'ticket',
      sourceId: ticket.id,
      idempotencyKey: `ticket-reply:${rowId}`,
      to: ticket.contact,
      language,
      dir: RTL.has(language) ? 'rtl' : 'ltr',
      subject,
      html,
      text: input.text,
      payload:
        ticket.channel === 'whatsapp'
          ? { type: 'text', body: input.text }
          : { type: 'email_thread', inReplyTo: headers.inReplyTo, references: headers.references, replyTo: supportAddress },
    },
    now,
    messageId,
  );
  const row: TicketMessage = {
    id: rowId,
    accountId: ticket.accountId,
    ticketId: ticket.id,
    direction: 'out',
    channel: ticket.channel,
    authorType: 'staff',
    authorId: staffId,
    fromAddress: ticket.channel === 'email' ? supportAddress : null,
    text: input.text,
    html,
    ...headers,
    externalId: null,
    outboundMessageId: messageId,
    autoReply: false,
    createdAt: now,
  };
  await repos.tickets.addMessage(row);
  await repos.tickets.update(ticket.accountId, ticket.id, {
    ...(input.status ? statusPatch(ticket, input.status, now) : {}),
    firstResponseAt: ticket.firstResponseAt ?? now,
    lastMessageAt: now,
    updatedAt: now,
  });
  if (ticket.customerId) {
    await repos.timeline.add({
      accountId: ticket.accountId,
      customerId: ticket.customerId,
      kind: 'ticket_replied',
      occurredAt: now,
      subjectType: 'ticket_message',
      subjectId: row.id,
      data: { channel: ticket.channel, ticket: ticket.number, messageId, body: input.text.slice(0, 500) },
      dedupeKey: `ticket_replied:${row.id}`,
    });
  }
  return row;
}

async function addNote(repos: Repos, ticket: Ticket, text: string, staffId: string | null, now: string): Promise<TicketMessage> {
  const row: TicketMessage = {
    id: newId('tmsg'),
    accountId: ticket.accountId,
    ticketId: ticket.id,
    direction: 'note',
    channel: 'note',
    authorType: 'staff',
    authorId: staffId,
    fromAddress: null,
    text,
    html: textToHtml(text),
    messageId: null,
    inReplyTo: null,
    references: [],
    externalId: null,
    outboundMessageId: null,
    autoReply: false,
    createdAt: now,
  };
  await repos.tickets.addMessage(row);
  await repos.tickets.update(ticket.accountId, ticket.id, { updatedAt: now });
  return row;
}

/** Tags are compared lower-cased and trimmed, each once. */
export function normaliseTags(tags: string[]): string[] {
  return [...new Set(tags.map((t) => t.trim().toLowerCase()).filter(Boolean))].slice(0, 20);
}
