import { z } from 'zod';

// Responses of the VIP tier routes (their bodies, tierInput and tierPatch, are the domain's: crm/loyalty/tier-admin.service.ts).

export const tierSchema = z.object({
  id: z.string(),
  name: z.string(),
  threshold: z.number(),
  multiplier: z.number(),
  entryPoints: z.number(),
  perks: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const tiersResponse = z.object({
  tiers: z.array(tierSchema),
  qualifying: z.object({ basis: z.enum(['points_earned', 'amount_spent']), period: z.string(), graceDays: z.number() }),
});
export const deleteTierResponse = z.object({ deleted: z.boolean(), reevaluated: z.number() });
