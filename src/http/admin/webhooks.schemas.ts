import { z } from 'zod';
import { TOPIC_NAMES } from '../../crm/webhooks/topics.ts';

// Request and response shapes of the outbound webhooks routes (webhooks.routes.ts).

const topic = z.enum(TOPIC_NAMES as [string, ...string[]]);
const url = z
  .url({ protocol: /^https?$/, error: 'an http(s) URL, e.g. https://example.com/hooks/rapport' })
  .max(2048)
  .refine((v) => !new URL(v).username && !new URL(v).password, 'no credentials in the URL: verify the signature instead');

export const subscriptionSchema = z.object({
  id: z.string(),
  url: z.string(),
  topics: z.array(topic),
  active: z.boolean(),
  description: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const subscriptionsResponse = z.object({ subscriptions: z.array(subscriptionSchema), topics: z.array(topic) });

export const subscriptionInput = z.strictObject({
  url,
  topics: z.array(topic).min(1, 'at least one topic').max(TOPIC_NAMES.length),
  description: z.string().trim().max(200).nullable().optional(),
});

export const subscriptionPatch = z.strictObject({
  url: url.optional(),
  topics: z.array(topic).min(1, 'at least one topic').max(TOPIC_NAMES.length).optional(),
  active: z.boolean().optional(),
  description: z.string().trim().max(200).nullable().optional(),
});

/** The secret is in this answer only: it is never shown again. */
export const createdSubscriptionResponse = z.object({ subscription: subscriptionSchema, secret: z.string() });

export const deliverySchema = z.object({
  id: z.string(),
  topic: z.string(),
  eventKey: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});

export const deliveriesResponse = z.object({ deliveries: z.array(deliverySchema) });
export const deliveryParams = z.strictObject({ id: z.string().min(1).max(200), deliveryId: z.string().min(1).max(300) });
export const testDeliveryResponse = z.object({ deliveryId: z.string() });
export const retryResponse = z.object({ retried: z.literal(true) });
export const deletedResponse = z.object({ deleted: z.literal(true) });
