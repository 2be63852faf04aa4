import { z } from 'zod';

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as PKR or INR');

export const setupResponse = z.object({ ownerNeeded: z.boolean() });
export const ownerBody = z.strictObject({
  shopName: z.string().trim().min(1).max(100),
  currency,
  email: z.email().max(320),
  password: z.string().min(12, 'Use at least 12 characters.').max(200),
});
export const ownerResponse = z.object({ token: z.string(), expiresAt: z.string(), accountId: z.string() });

export type OwnerBody = z.infer<typeof ownerBody>;
