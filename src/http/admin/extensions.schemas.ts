import { z } from 'zod';

// The Shopify admin customer-details block's one read.

export const extensionCustomerParams = z.object({
  customerGid: z.string().regex(/^(?:gid:\/\/shopify\/Customer\/)?\d{1,20}$/, 'a Shopify customer GID or numeric id'),
});

export const extensionCustomerResponse = z.object({
  customerId: z.string(),
  name: z.string().nullable(),
  balance: z.number(),
  pending: z.number(),
  lifetimeEarned: z.number(),
  tier: z.string().nullable(),
  nextTier: z.object({ name: z.string(), remaining: z.number(), metric: z.enum(['points_earned', 'amount_spent']) }).nullable(),
  ordersCount: z.number(),
  lifetimeValue: z.object({ amountMinor: z.number(), currency: z.string() }),
  profilePath: z.string(),
});
