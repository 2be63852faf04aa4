import type { Ticket, TicketMessage, TicketsRepo } from '../../crm/service/tickets.port.ts';
import { tickets } from '../schema/service.ts';
import { sqlOf } from '../sql/dialect.ts';
import { query, type Executor } from '../sql/executor.ts';
import { columnsOf, patchUpdater } from '../sql/statements.ts';

// crm's TicketsRepo on either database (schema/service.ts). Threading lookups go by index:
// a Message-ID by (account, message_id), a redelivery by the unique (account, channel, external_id),
// a WhatsApp number's ticket by (account, channel, contact, status).

export const TICKET_COLUMNS = `t.id, t.account_id AS "accountId", t.number, t.customer_id AS "customerId", t.subject, t.status, t.priority,
  t.assignee_id AS "assigneeId", t.channel, t.contact, t.created_at AS "createdAt", t.updated_at AS "updatedAt",
  t.last_message_at AS "lastMessageAt", t.first_response_at AS "firstResponseAt", t.solved_at AS "solvedAt"`;

export const MESSAGE_COLUMNS = `m.id, m.account_id AS "accountId", m.ticket_id AS "ticketId", m.direction, m.channel, m.author_type AS "authorType",
  m.author_id AS "authorId", m.from_address AS "fromAddress", m.text, m.html, m.message_id AS "messageId", m.in_reply_to AS "inReplyTo",
  m.references_header AS "referencesHeader", m.external_id AS "externalId", m.outbound_message_id AS "outboundMessageId",
  m.auto_reply AS "autoReply", m.created_at AS "createdAt"`;

const updateTicket = patchUpdater('tickets', columnsOf(tickets, ['id', 'accountId']), 'account_id = :accountId AND id = :id');

const q = {
  next: query(`INSERT INTO service_settings (account_id, last_ticket_number, updated_at) VALUES (:accountId, 1001, :now)
    ON CONFLICT (account_id) DO UPDATE SET last_ticket_number = service_settings.last_ticket_number + 1
    RETURNING last_ticket_number AS "number"`),
  insert: query(`INSERT INTO tickets (id, account_id, number, customer_id, subject, status, priority, assignee_id, channel, contact,
      created_at, updated_at, last_message_at, first_response_at, solved_at)
    VALUES (:id, :accountId, :number, :customerId, :subject, :status, :priority, :assigneeId, :channel, :contact,
      :createdAt, :updatedAt, :lastMessageAt, :firstResponseAt, :solvedAt)`),
  get: query(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.account_id = :accountId AND t.id = :id`),
  byNumber: query(`SELECT ${TICKET_COLUMNS} FROM tickets t WHERE t.account_id = :accountId AND t.number = :number`),
  active: query(`SELECT ${TICKET_COLUMNS} FROM tickets t
    WHERE t.account_id = :accountId AND t.channel = :channel AND t.contact = :contact AND t.status <> 'closed'
    ORDER BY t.updated_at DESC, t.id DESC LIMIT 1`),
  addMessage: query(`INSERT INTO ticket_messages (id, account_id, ticket_id, direction, channel, author_type, author_id, from_address, text,
      html, message_id, in_reply_to, references_header, external_id, outbound_message_id, auto_reply, created_at)
    VALUES (:id, :accountId, :ticketId, :direction, :channel, :authorType, :authorId, :fromAddress, :text, :html, :messageId, :inReplyTo,
      :referencesHeader, :externalId, :outboundMessageId, :autoReply, :createdAt)
    ON CONFLICT (account_id, channel, external_id) DO NOTHING`),
  hasExternal: query(
    `SELECT 1 AS "one" FROM ticket_messages WHERE account_id = :accountId AND channel = :channel AND external_id = :externalId`,
  ),
  byMessageIds: query(
    (d) => `SELECT ${TICKET_COLUMNS} FROM ticket_messages m JOIN tickets t ON t.id = m.ticket_id
    WHERE m.account_id = :accountId AND m.message_id ${sqlOf(d).inArray('ids')} ORDER BY m.created_at DESC, m.id DESC LIMIT 1`,
  ),
  thread: query(`SELECT m.message_id AS "messageId", m.direction, m.channel FROM ticket_messages m
    WHERE m.account_id = :accountId AND m.ticket_id = :ticketId AND m.channel = 'email' ORDER BY m.created_at, m.id`),
  clearTags: query('DELETE FROM ticket_tags WHERE ticket_id = :ticketId AND account_id = :accountId'),
  addTag: query('INSERT INTO ticket_tags (ticket_id, account_id, tag) VALUES (:ticketId, :accountId, :tag) ON CONFLICT DO NOTHING'),
  tags: query('SELECT tag FROM ticket_tags WHERE ticket_id = :ticketId ORDER BY tag'),
  link: query(`INSERT INTO ticket_orders (ticket_id, order_id, account_id, linked_by, created_at)
    VALUES (:ticketId, :orderId, :accountId, :linkedBy, :now) ON CONFLICT DO NOTHING`),
  unlinkStaff: query(
    (d) => `DELETE FROM ticket_orders WHERE ticket_id = :ticketId AND account_id = :accountId AND linked_by = 'staff'
    AND NOT (order_id ${sqlOf(d).inArray('ids')})`,
  ),
  restaff: query(
    (d) => `UPDATE ticket_orders SET linked_by = 'staff' WHERE ticket_id = :ticketId AND account_id = :accountId
    AND order_id ${sqlOf(d).inArray('ids')}`,
  ),
  named: query(
    (d) => `SELECT id, name FROM orders WHERE account_id = :accountId AND customer_id = :customerId AND deleted_at IS NULL
    AND name ${sqlOf(d).inArray('names')} ORDER BY placed_at DESC LIMIT 10`,
  ),
  owned: query(
    (d) => `SELECT id FROM orders WHERE account_id = :accountId AND customer_id = :customerId AND id ${sqlOf(d).inArray('ids')}`,
  ),
  attachment:
    query(`INSERT INTO ticket_attachments (id, account_id, ticket_id, ticket_message_id, filename, content_type, size, dropped_reason,
      created_at) VALUES (:id, :accountId, :ticketId, :ticketMessageId, :filename, :contentType, :size, :droppedReason, :createdAt)`),
  attachmentContent: query(`INSERT INTO ticket_attachment_data (attachment_id, account_id, content_base64)
    VALUES (:id, :accountId, :content)`),
};

const toTicket = (r: Ticket | undefined): Ticket | undefined => (r ? { ...r, number: Number(r.number) } : undefined);

export type MessageRow = Omit<TicketMessage, 'references' | 'autoReply'> & { referencesHeader: string | null; autoReply: unknown };

export const toMessage = ({ referencesHeader, ...r }: MessageRow): TicketMessage => ({
  ...r,
  references: referencesHeader ? referencesHeader.split(' ').filter(Boolean) : [],
  autoReply: Boolean(r.autoReply),
});

export function ticketsRepo(x: Executor): TicketsRepo {
  return {
    async nextNumber(accountId, now) {
      return Number((await x.get<{ number: number }>(q.next, { accountId, now }))!.number);
    },
    async insert(ticket) {
      await x.run(q.insert, ticket);
    },
    get: (accountId, id) => x.getAs(q.get, { accountId, id }, toTicket),
    byNumber: (accountId, number) => x.getAs(q.byNumber, { accountId, number }, toTicket),
    activeFor: (accountId, channel, contact) => x.getAs(q.active, { accountId, channel, contact }, toTicket),
    async update(accountId, id, patch) {
      const statement = updateTicket(patch);
      if (statement) await x.run(statement, { ...patch, accountId, id });
    },
    async addMessage({ references, ...m }) {
      return (await x.run(q.addMessage, { ...m, referencesHeader: references.length ? references.join(' ') : null })) > 0;
    },
    async hasExternal(accountId, channel, externalId) {
      return Boolean(await x.get(q.hasExternal, { accountId, channel, externalId }));
    },
    byMessageIds: (accountId, ids) => x.getAs(q.byMessageIds, { accountId, ids }, toTicket),
    threadOf: (accountId, ticketId) => x.all(q.thread, { accountId, ticketId }),
    async setTags(accountId, ticketId, tags) {
      await x.run(q.clearTags, { accountId, ticketId });
      for (const tag of tags) await x.run(q.addTag, { accountId, ticketId, tag });
    },
    async tagsOf(ticketId) {
      return (await x.all<{ tag: string }>(q.tags, { ticketId })).map((r) => r.tag);
    },
    async linkOrders(accountId, ticketId, orderIds, linkedBy, now) {
      for (const orderId of orderIds) await x.run(q.link, { accountId, ticketId, orderId, linkedBy, now });
    },
    async replaceOrders(accountId, ticketId, orderIds, now) {
      await x.run(q.unlinkStaff, { accountId, ticketId, ids: orderIds });
      await x.run(q.restaff, { accountId, ticketId, ids: orderIds });
      for (const orderId of orderIds) await x.run(q.link, { accountId, ticketId, orderId, linkedBy: 'staff', now });
    },
    customerOrdersNamed: (accountId, customerId, names) => x.all(q.named, { accountId, customerId, names }),
    async customerOrderIds(accountId, customerId, ids) {
      if (!ids.length) return [];
      return (await x.all<{ id: string }>(q.owned, { accountId, customerId, ids })).map((r) => r.id);
    },
    async addAttachment(a, content) {
      await x.run(q.attachment, a);
      if (content !== null) await x.run(q.attachmentContent, { id: a.id, accountId: a.accountId, content });
    },
  };
}
