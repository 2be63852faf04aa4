import { z } from 'zod';

// Request and response shapes of the campaign routes (campaigns.routes.ts). Imports only zod, so
// web/ can import the types. A send window is two local times (`HH:MM`) in the shopper's zone.

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time such as 10:00');
const instant = z.iso.datetime({ offset: true });
const paymentMethods = ['cod', 'card', 'wallet', 'bank_transfer', 'gift_card', 'other', 'unknown'] as const;

/** The customer list's filters (amounts in minor units of the account currency, instants as ISO-8601). */
export const audienceFilters = z
  .strictObject({
    tags: z.array(z.string().trim().min(1).max(100)).max(10).optional().describe('Customers with any of these tags'),
    tier: z.string().min(1).max(100).optional().describe('A tier id, or `none`'),
    minOrders: z.number().int().min(0).max(1_000_000).optional(),
    maxOrders: z.number().int().min(0).max(1_000_000).optional(),
    minSpentMinor: z.number().int().min(0).optional(),
    maxSpentMinor: z.number().int().min(0).optional(),
    lastOrderFrom: instant.optional().describe('Last order at or after'),
    lastOrderBefore: instant.optional().describe('Last order before'),
    paymentMethod: z.enum(paymentMethods).optional().describe('Paid at least once with this method'),
  })
  .superRefine((f, ctx) => {
    if (f.minOrders !== undefined && f.maxOrders !== undefined && f.minOrders > f.maxOrders)
      ctx.addIssue({ code: 'custom', path: ['maxOrders'], message: 'must not be below minOrders' });
    if (f.minSpentMinor !== undefined && f.maxSpentMinor !== undefined && f.minSpentMinor > f.maxSpentMinor)
      ctx.addIssue({ code: 'custom', path: ['maxSpentMinor'], message: 'must not be below minSpentMinor' });
  });

export const audienceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('segment'), segmentId: z.string().min(1).max(100) }),
  z.strictObject({ kind: z.literal('filter'), filters: audienceFilters }),
]);

export const variantSchema = z.strictObject({
  key: z.string().regex(/^[A-Z]$/, 'one capital letter: A, B, C…'),
  templateId: z.string().min(1).max(100),
  weight: z.number().int().min(1).max(100).default(1),
});

export const sendWindowSchema = z.strictObject({ opens: time, closes: time });

export const campaignInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    audience: audienceSchema,
    variants: z.array(variantSchema).min(1).max(5),
    holdoutPercent: z.number().int().min(0).max(50).default(10),
    window: sendWindowSchema.nullable().default(null).describe("Local times in the shopper's time zone; null: any time"),
    sendAt: instant.nullable().default(null).describe('When scheduling without a time: now'),
    attributionDays: z.number().int().min(1).max(60).default(5),
  })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.variants.forEach((v, i) => {
      if (seen.has(v.key)) ctx.addIssue({ code: 'custom', path: ['variants', i, 'key'], message: 'each variant needs its own key' });
      seen.add(v.key);
    });
    if (c.window && c.window.opens === c.window.closes)
      ctx.addIssue({ code: 'custom', path: ['window', 'closes'], message: 'must differ from opens' });
  });

export const audienceSizeInput = z.strictObject({ audience: audienceSchema });
export const audienceSizeResponse = z.object({
  customers: z.number().describe('Customers in the audience now (a segment: its kept members; erased customers left out)'),
  withEmail: z.number().describe('Of them, with an email address (the rest are skipped by an email campaign)'),
  withPhone: z.number().describe('Of them, with a phone number (the rest are skipped by a WhatsApp campaign)'),
});

export const scheduleInput = z.strictObject({ sendAt: instant.nullable().default(null).describe('Null or absent: now') });

const counts = z.object({ recipients: z.number(), queued: z.number(), skipped: z.number(), holdout: z.number() });

export const campaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.enum(['draft', 'scheduled', 'sending', 'sent', 'cancelled']),
  channel: z.string(),
  audience: audienceSchema,
  variants: z.array(z.object({ key: z.string(), templateId: z.string(), weight: z.number() })),
  holdoutPercent: z.number(),
  window: sendWindowSchema.nullable(),
  sendAt: z.string().nullable(),
  counts,
  attributionDays: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
  startedAt: z.string().nullable(),
  finishedAt: z.string().nullable(),
});

export const campaignsQuery = z.strictObject({
  after: z.string().min(1).max(200).optional(),
  first: z.coerce.number().int().min(1).max(100).default(50),
});
export const campaignsResponse = z.object({ campaigns: z.array(campaignSchema), endCursor: z.string().nullable() });
export const cancelResponse = campaignSchema.extend({ withdrawn: z.number().describe('Queued messages withdrawn (not yet sent)') });

export const recipientsQuery = z.strictObject({
  group: z.string().min(1).max(20).optional().describe('A variant key or `holdout`'),
  after: z.string().min(1).max(100).optional().describe('endCursor of the previous page'),
  first: z.coerce.number().int().min(1).max(500).default(100),
});
export const recipientsResponse = z.object({
  recipients: z.array(
    z.object({
      customerId: z.string(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      group: z.string().nullable(),
      outcome: z.enum(['queued', 'skipped', 'holdout']),
      reason: z.string().nullable(),
      messageId: z.string().nullable(),
      messageStatus: z.string().nullable(),
      sendAt: z.string().nullable(),
    }),
  ),
  endCursor: z.string().nullable(),
});

const interval = z.object({ low: z.number(), high: z.number() });
export const campaignReport = z.object({
  campaign: campaignSchema,
  attribution: z.object({ from: z.string(), to: z.string(), days: z.number() }).nullable(),
  currency: z.string(),
  groups: z.array(
    z.object({
      group: z.string(),
      recipients: z.number(),
      queued: z.number(),
      skipped: z.record(z.string(), z.number()),
      sent: z.number(),
      delivered: z.number(),
      opened: z.number(),
      clicked: z.number(),
      unsubscribed: z.number(),
      suppressed: z.number(),
      failed: z.number(),
      pending: z.number(),
      converted: z.number(),
      orders: z.number(),
      revenueMinor: z.number(),
      conversionRate: z.number().nullable(),
      revenuePerRecipientMinor: z.number().nullable(),
    }),
  ),
  lift: z.array(
    z.object({
      group: z.string().describe('`all` (every variant together) or a variant key'),
      difference: z.number().describe('Conversion rate minus the holdout’s (absolute, a fraction)'),
      ci95: interval.describe('Newcombe’s hybrid score interval (Wilson per group)'),
      revenuePerRecipientDifferenceMinor: z.number(),
    }),
  ),
  unassigned: z.number().describe('Skipped before assignment: no address on the channel'),
});

export const frequencyCapSchema = z.strictObject({
  cap: z
    .strictObject({ messages: z.number().int().min(1).max(100), days: z.number().int().min(1).max(90) })
    .nullable()
    .describe('At most `messages` marketing messages per customer per `days` days, across campaigns; null: no cap'),
});

export type CampaignInput = z.infer<typeof campaignInput>;
export type CampaignView = z.infer<typeof campaignSchema>;
export type CampaignReportView = z.infer<typeof campaignReport>;
export type RecipientsView = z.infer<typeof recipientsResponse>;
