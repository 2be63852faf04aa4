import { z } from 'zod';

export const inboxCounts = z.object({
  pending: z.number(),
  done: z.number(),
  ignored: z.number(),
  dead: z.number(),
  oldestPendingAt: z.string().nullable(),
});

export const inboxHealthResponse = z.object({ status: z.enum(['ok', 'starting']), inbox: inboxCounts });

export const deliveryRow = z.object({
  id: z.number(),
  connectionId: z.string(),
  platform: z.string(),
  topic: z.string(),
  status: z.string(),
  attempts: z.number(),
  receivedAt: z.string(),
  processedAt: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  lastError: z.string().nullable(),
});

export const inboxQuery = z.strictObject({
  status: z.enum(['pending', 'done', 'ignored', 'dead']).optional(),
  after: z.coerce.number().int().min(0).optional(),
  first: z.coerce.number().int().min(1).max(200).default(50),
});
export const inboxResponse = z.object({ counts: inboxCounts, deliveries: z.array(deliveryRow) });

export const retryBody = z.strictObject({ ids: z.array(z.number().int().positive()).max(1000).optional() });
export const retryResponse = z.object({ requeued: z.number() });

export type InboxCounts = z.infer<typeof inboxCounts>;
export type DeliveryRow = z.infer<typeof deliveryRow>;
