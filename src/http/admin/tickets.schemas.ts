import { z } from 'zod';

// Request and response shapes of the service inbox's routes (tickets.routes.ts): the queue with
// filters and counts, one conversation, staff actions, replies, notes, the support address.

const statuses = ['open', 'pending', 'solved', 'closed'] as const;
const priorities = ['low', 'normal', 'high', 'urgent'] as const;
const channels = ['email', 'whatsapp'] as const;
const tag = z.string().trim().min(1).max(40);

export const ticketSummarySchema = z.object({
  id: z.string(),
  number: z.number().int(),
  /** `#1042`: how customers and staff name it (the subject token of replies). */
  reference: z.string(),
  customerId: z.string().nullable(),
  customerName: z.string().nullable(),
  subject: z.string(),
  status: z.enum(statuses),
  priority: z.enum(priorities),
  assigneeId: z.string().nullable(),
  channel: z.enum(channels),
  /** The customer's address on the channel (email or E.164 phone): replies go there. */
  contact: z.string(),
  tags: z.array(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastMessageAt: z.string(),
  firstResponseAt: z.string().nullable(),
  solvedAt: z.string().nullable(),
});

export const ticketsQuery = z.strictObject({
  status: z.enum(statuses).optional(),
  /** A staff user id, or `none` for unassigned tickets. */
  assignee: z.string().min(1).max(100).optional(),
  channel: z.enum(channels).optional(),
  tag: tag.optional(),
  customerId: z.string().min(1).max(100).optional(),
  /** A ticket number (`1042`, `#1042`) or words of the subject. */
  search: z.string().trim().min(1).max(200).optional(),
  after: z.string().min(1).max(300).optional(),
  first: z.coerce.number().int().min(1).max(100).default(25),
});

export const ticketsResponse = z.object({
  tickets: z.array(ticketSummarySchema),
  /** Pass as `after` for the next page; null on the last one. */
  endCursor: z.string().nullable(),
  /** Tickets per status under the same filters (the status filter aside): the queue's tabs. */
  counts: z.object({ open: z.number(), pending: z.number(), solved: z.number(), closed: z.number() }),
});

export const ticketMessageSchema = z.object({
  id: z.string(),
  direction: z.enum(['in', 'out', 'note']),
  channel: z.enum(['email', 'whatsapp', 'note']),
  authorType: z.enum(['customer', 'staff', 'system']),
  authorId: z.string().nullable(),
  fromAddress: z.string().nullable(),
  text: z.string(),
  /** Built from the text (escaped): safe to show as it is. */
  html: z.string(),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  /** The queued message of a reply (GET /api/messages/{id}: its delivery status). */
  outboundMessageId: z.string().nullable(),
  /** An auto-reply (out of office, bulk): it reopens nothing. */
  autoReply: z.boolean(),
  createdAt: z.string(),
  attachments: z.array(
    z.object({
      id: z.string(),
      filename: z.string(),
      contentType: z.string(),
      size: z.number(),
      /** null: kept; otherwise why not (too_large, type_not_allowed). */
      droppedReason: z.enum(['too_large', 'type_not_allowed']).nullable(),
      createdAt: z.string(),
    }),
  ),
});

export const ticketResponse = ticketSummarySchema.extend({
  messages: z.array(ticketMessageSchema),
  /** The customer's orders linked to the ticket: chosen by staff, or detected from an order number in the customer's text. */
  orders: z.array(z.object({ orderId: z.string(), name: z.string(), linkedBy: z.enum(['staff', 'detected']) })),
});

export const createTicketInput = z
  .strictObject({
    customerId: z.string().min(1).max(100).optional(),
    email: z.email().max(254).optional(),
    phone: z.string().trim().min(5).max(30).optional(),
    channel: z.enum(channels),
    subject: z.string().trim().min(1).max(250),
    /** An internal note to start with (what the customer said on the phone). */
    note: z.string().trim().min(1).max(20_000).optional(),
    priority: z.enum(priorities).optional(),
    assigneeId: z.string().min(1).max(100).nullable().optional(),
    tags: z.array(tag).max(20).optional(),
  })
  .refine((v) => v.customerId || v.email || v.phone, { message: 'customerId, email or phone: one is required', path: ['customerId'] });

export const updateTicketInput = z
  .strictObject({
    status: z.enum(statuses).optional(),
    priority: z.enum(priorities).optional(),
    /** A staff user id; null unassigns. */
    assigneeId: z.string().min(1).max(100).nullable().optional(),
    /** Replaces the tags. */
    tags: z.array(tag).max(20).optional(),
    /** Replaces the staff-linked orders (the customer's own orders only). */
    orderIds: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .refine((v) => Object.keys(v).length > 0, { message: 'nothing to change' });

export const replyInput = z.strictObject({
  text: z.string().trim().min(1).max(4096),
  language: z.enum(['en', 'ur', 'pa', 'hi']).optional(),
  /** The ticket's status after the reply (e.g. pending: waiting for the customer); unchanged when absent. */
  status: z.enum(statuses).optional(),
});

export const noteInput = z.strictObject({ text: z.string().trim().min(1).max(20_000) });

export const ticketMessageResponse = ticketMessageSchema;

export const supportSettingsSchema = z.object({
  /** Where customers write: forward it to Rapport's inbound SMTP listener (docs/inbox.md). */
  supportAddress: z.string().nullable(),
  updatedAt: z.string().nullable(),
});

export const supportSettingsInput = z.strictObject({
  supportAddress: z
    .email()
    .max(254)
    .refine((v) => !v.split('@')[0]!.includes('+'), 'without a +tag (plus-addresses are taken automatically)')
    .nullable(),
});
