import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { customers } from './customers.ts';
import { orders } from './orders.ts';
import { accounts } from './tenancy.ts';

// The service inbox (crm/service): tickets per shop, their messages (in, out, internal notes),
// tags, linked orders and attachments, each shop's support address, and the raw mail the inbound
// SMTP listener accepted (stored before it answers 250, threaded later by a job).

export const serviceSettings = sqliteTable(
  'service_settings',
  {
    accountId: text('account_id')
      .primaryKey()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // The address customers write to (lower-cased), forwarded to INBOUND_SMTP_PORT; unique across shops.
    supportAddress: text('support_address'),
    // The last ticket number given (per-shop sequence, shown as #1001): one row locked per new ticket.
    lastTicketNumber: integer('last_ticket_number').notNull().default(1000),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [uniqueIndex('service_settings_support_address').on(t.supportAddress)],
);

export const tickets = sqliteTable(
  'tickets',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    customerId: text('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    subject: text('subject').notNull(),
    // open | pending | solved | closed
    status: text('status').notNull(),
    // low | normal | high | urgent
    priority: text('priority').notNull().default('normal'),
    // A staff user id (admin_users.id); not a foreign key: a removed login leaves the ticket to be reassigned.
    assigneeId: text('assignee_id'),
    // email | whatsapp: where replies go
    channel: text('channel').notNull(),
    // The customer's address on that channel (lower-cased email, or E.164): replies go there.
    contact: text('contact').notNull(),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
    lastMessageAt: text('last_message_at').notNull(),
    firstResponseAt: text('first_response_at'),
    solvedAt: text('solved_at'),
  },
  (t) => [
    uniqueIndex('tickets_number').on(t.accountId, t.number),
    // The queue: newest activity first, per status or all (keyset paging on (updated_at, id)).
    index('tickets_queue').on(t.accountId, t.status, t.updatedAt, t.id),
    index('tickets_updated').on(t.accountId, t.updatedAt, t.id),
    index('tickets_customer').on(t.accountId, t.customerId, t.updatedAt),
    index('tickets_assignee').on(t.accountId, t.assigneeId, t.updatedAt),
    // A WhatsApp number's open ticket.
    index('tickets_contact').on(t.accountId, t.channel, t.contact, t.status),
    index('tickets_customer_id').on(t.customerId),
  ],
);

export const ticketTags = sqliteTable(
  'ticket_tags',
  {
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    tag: text('tag').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.tag] }), index('ticket_tags_tag').on(t.accountId, t.tag)],
);

export const ticketOrders = sqliteTable(
  'ticket_orders',
  {
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    accountId: text('account_id').notNull(),
    // staff | detected (an order number in the customer's text)
    linkedBy: text('linked_by').notNull(),
    createdAt: text('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.ticketId, t.orderId] }), index('ticket_orders_order').on(t.orderId)],
);

export const ticketMessages = sqliteTable(
  'ticket_messages',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    // in | out | note
    direction: text('direction').notNull(),
    // email | whatsapp | note
    channel: text('channel').notNull(),
    // customer | staff | system; author_id: the customer or staff user
    authorType: text('author_type').notNull(),
    authorId: text('author_id'),
    fromAddress: text('from_address'),
    text: text('text').notNull(),
    // Rebuilt from the text (escaped, links made links): no markup the sender wrote is kept.
    html: text('html').notNull(),
    // Email threading headers, as sent or received.
    messageId: text('message_id'),
    inReplyTo: text('in_reply_to'),
    referencesHeader: text('references_header'),
    // What makes an inbound message once-only: the email's Message-ID (or a hash of it), WhatsApp's wamid.
    externalId: text('external_id'),
    // The queued outbound message (messages.id) of a reply.
    outboundMessageId: text('outbound_message_id'),
    // An auto-reply (Auto-Submitted, Precedence: bulk): kept, marked, reopens nothing.
    autoReply: integer('auto_reply', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('ticket_messages_external').on(t.accountId, t.channel, t.externalId),
    index('ticket_messages_message_id').on(t.accountId, t.messageId),
    index('ticket_messages_ticket').on(t.ticketId, t.createdAt, t.id),
  ],
);

export const ticketAttachments = sqliteTable(
  'ticket_attachments',
  {
    id: text('id').primaryKey(),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    ticketId: text('ticket_id')
      .notNull()
      .references(() => tickets.id, { onDelete: 'cascade' }),
    ticketMessageId: text('ticket_message_id')
      .notNull()
      .references(() => ticketMessages.id, { onDelete: 'cascade' }),
    filename: text('filename').notNull(),
    contentType: text('content_type').notNull(),
    size: integer('size').notNull(),
    // null: stored (ticket_attachment_data); else why it was dropped (too_large, type_not_allowed)
    droppedReason: text('dropped_reason'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('ticket_attachments_message').on(t.ticketMessageId)],
);

// Attachment bytes (base64), in their own table: nothing that lists tickets or messages reads it.
export const ticketAttachmentData = sqliteTable('ticket_attachment_data', {
  attachmentId: text('attachment_id')
    .primaryKey()
    .references(() => ticketAttachments.id, { onDelete: 'cascade' }),
  accountId: text('account_id').notNull(),
  contentBase64: text('content_base64').notNull(),
});

// Mail to a support address, stored before the listener answers 250 (nothing acknowledged is
// lost); the inbound-mail job parses and threads it, then drops the raw message after a week.
export const inboundMail = sqliteTable(
  'inbound_mail',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    accountId: text('account_id')
      .notNull()
      .references(() => accounts.id, { onDelete: 'cascade' }),
    // The envelope recipient it was accepted for (may carry a +tag naming a ticket).
    recipient: text('recipient').notNull(),
    mailFrom: text('mail_from'),
    rawBase64: text('raw_base64').notNull(),
    size: integer('size').notNull(),
    // pending | done | dead
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    receivedAt: text('received_at').notNull(),
    nextAttemptAt: text('next_attempt_at').notNull(),
    processedAt: text('processed_at'),
  },
  (t) => [index('inbound_mail_due').on(t.status, t.nextAttemptAt), index('inbound_mail_processed').on(t.status, t.processedAt)],
);
