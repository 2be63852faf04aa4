import { z } from 'zod';

// Request and response shapes of the Messages routes (messages.routes.ts). Lists never carry
// bodies; one message does (html shown in a sandboxed frame by the panel).

const statuses = ['queued', 'sending', 'sent', 'delivered', 'failed', 'bounced', 'suppressed'] as const;
const channels = ['email', 'sms', 'whatsapp'] as const;
const eventStatuses = [...statuses, 'opened', 'clicked', 'read', 'unsubscribed', 'complained'] as const;

export const messageSummarySchema = z.object({
  id: z.string(),
  customerId: z.string().nullable(),
  channel: z.enum(channels),
  purpose: z.enum(['marketing', 'transactional']),
  source: z.string(),
  sourceId: z.string().nullable(),
  to: z.string(),
  language: z.string(),
  subject: z.string().nullable(),
  status: z.enum(statuses),
  /** smtp, or outbox: kept here and never sent (no SMTP_URL). */
  provider: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  error: z.string().nullable(),
  attempts: z.number(),
  queuedAt: z.string(),
  sentAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const messagesQuery = z.strictObject({
  status: z.enum(statuses).optional(),
  channel: z.enum(channels).optional(),
  customerId: z.string().min(1).max(100).optional(),
  after: z.string().min(1).max(200).optional(),
  first: z.coerce.number().int().min(1).max(200).default(50),
});

export const messagesResponse = z.object({
  messages: z.array(messageSummarySchema),
  /** Pass as `after` for the next page; null on the last one. */
  endCursor: z.string().nullable(),
  /** Where email goes now: `outbox` when no SMTP server is configured. */
  emailProvider: z.enum(['smtp', 'outbox']),
});

export const messageResponse = messageSummarySchema.extend({
  dir: z.enum(['ltr', 'rtl']),
  html: z.string(),
  text: z.string(),
  /** Status changes, and engagement: opened (pixel), clicked (detail: the link), read (WhatsApp), unsubscribed, complained (marked as spam). */
  /** Channel-specific content (a WhatsApp template send, free-form text, reply buttons); null for email. */
  payload: z.looseObject({ type: z.string() }).nullable(),
  events: z.array(z.object({ status: z.enum(eventStatuses), detail: z.string().nullable(), occurredAt: z.string() })),
});

export const testMessageInput = z.strictObject({
  /** Defaults to the signed-in staff member's email. */
  to: z.email().max(254).optional(),
  subject: z.string().trim().min(1).max(200),
  html: z.string().min(1).max(200_000),
  text: z.string().min(1).max(100_000),
  language: z.enum(['en', 'ur', 'pa', 'hi']).default('en'),
  /** Queueing the same key again queues nothing more (a double click, a retried request). */
  idempotencyKey: z.string().min(1).max(100).optional(),
});

export const testMessageResponse = z.object({ id: z.string(), outcome: z.enum(['queued', 'duplicate']), to: z.string() });

/** The shop's messaging settings (`GET`/`PUT /api/messaging-settings`). */
export const messagingSettingsSchema = z.object({
  /** The language chain's step after the shopper's own; null: English. */
  defaultLanguage: z.enum(['en', 'ur', 'pa', 'hi']).nullable(),
  openTracking: z.boolean(),
  clickTracking: z.boolean(),
  attributionWindowDays: z.number().int(),
  updatedAt: z.string().nullable(),
});

export const messagingSettingsInput = z.strictObject({
  defaultLanguage: z.enum(['en', 'ur', 'pa', 'hi']).nullable(),
  openTracking: z.boolean(),
  clickTracking: z.boolean(),
  attributionWindowDays: z.number().int().min(1).max(30),
});
