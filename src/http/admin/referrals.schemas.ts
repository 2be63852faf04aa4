import { z } from 'zod';

// Referrals as the merchant sees them (the IP hash stays internal). Statuses: crm/loyalty/referrals.port.ts.

export const referralStatusValues = ['pending', 'completed', 'blocked', 'approved', 'rejected'] as const;

export const referralSchema = z.object({
  id: z.string(),
  status: z.enum(referralStatusValues),
  advocateId: z.string(),
  friendId: z.string().nullable(),
  friendEmail: z.string().nullable(),
  friendPhone: z.string().nullable(),
  orderId: z.string().nullable(),
  block: z.object({ code: z.string(), message: z.string() }).nullable(),
  createdAt: z.string(),
  decidedAt: z.string().nullable(),
  decidedBy: z.string().nullable(),
});

export const referralsQuery = z.strictObject({
  status: z.enum(referralStatusValues).optional(),
  first: z.coerce.number().int().min(1).max(200).default(50),
  after: z.string().min(1).max(100).optional(),
});
export const referralsResponse = z.object({
  referrals: z.array(referralSchema),
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() }),
});
export const referralDecisionResponse = z.object({ referral: referralSchema });
