import { z } from 'zod';

/** The loyalty block of a customer profile and of GET /api/customers/:id/loyalty. */
export const loyaltySummarySchema = z.object({
  balance: z.number(), pending: z.number(), lifetimeEarned: z.number(),
  tier: z.object({ id: z.string(), name: z.string(), multiplier: z.number() }).nullable(),
  referralCode: z.string().nullable(), birthday: z.string().nullable(), memberSince: z.string().nullable(),
});
