import { z } from 'zod';

/** The loyalty block of a customer profile and of GET /api/customers/:id/loyalty. */
export const loyaltySummarySchema = z.object({
  balance: z.number(), pending: z.number(), lifetimeEarned: z.number(),
  tier: z.object({ id: z.string(), name: z.string(), multiplier: z.number() }).nullable(),
  referralCode: z.string().nullable(), birthday: z.string().nullable(), memberSince: z.string().nullable(),
  /** Progress in the current qualifying period: points earned, or minor units of the account currency spent. */
  tierProgress: z.object({
    metric: z.enum(['points_earned', 'amount_spent']), current: z.number(),
    nextTier: z.object({ id: z.string(), name: z.string(), threshold: z.number() }).nullable(), remaining: z.number(),
  }),
});
