import { z } from 'zod';

// Request and response shapes of the flows routes (flows.routes.ts). Like every *.schemas.ts,
// imports only zod, so web/ can import the types.

export const FLOW_KIND_VALUES = [
  'welcome',
  'points_earned',
  'points_available',
  'reward_affordable',
  'points_expiring',
  'tier_up',
  'tier_down',
  'referral_rewarded',
  'birthday',
  'win_back',
  'feedback',
  'abandoned_checkout',
] as const;

export const flowKindParams = z.strictObject({ kind: z.enum(FLOW_KIND_VALUES) });

const flowOptions = z.strictObject({
  /** Send at this hour of the shop's day (its time zone), the first after the event and the delay; null: at once. */
  sendAtHour: z.number().int().min(0).max(23).nullable().optional(),
  /** win_back: days without an order where the insights have no expected reorder time (default 60). */
  days: z.number().int().min(1).max(730).nullable().optional(),
});

export const flowPatch = z
  .strictObject({
    enabled: z.boolean().optional(),
    templateId: z.string().min(1).max(100).nullable().optional(),
    /** Minutes after the event; at most 60 days. */
    delayMinutes: z
      .number()
      .int()
      .min(0)
      .max(60 * 24 * 60)
      .optional(),
    options: flowOptions.optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'Nothing to change' });

export const flowFigures = z.object({
  queued: z.number().int(),
  sent: z.number().int(),
  failed: z.number().int(),
  suppressed: z.number().int(),
  skipped: z.number().int(),
  /** Abandoned checkout: orders that completed a checkout after its message, and their total (minor units, shop currency). */
  recovered: z.number().int(),
  recoveredMinor: z.number().int(),
  recoveredCurrency: z.string().nullable(),
});

export const flow = z.object({
  kind: z.enum(FLOW_KIND_VALUES),
  enabled: z.boolean(),
  templateId: z.string().nullable(),
  delayMinutes: z.number().int(),
  options: flowOptions,
  updatedAt: z.string().nullable(),
  /** The last 30 days: messages queued, sent, failed, suppressed at send time, and events skipped. */
  figures: flowFigures,
});
export const flowsResponse = z.object({ flows: z.array(flow) });
