import { z } from 'zod';
import { loyaltySummarySchema } from './loyalty.schemas.ts';

// The rewards catalogue and redemptions (reward bodies, rewardFields and rewardPatch, are the
// domain's: crm/loyalty/rewards.service.ts, whose rewardKinds these kinds must equal).

export const rewardKindValues = ['fixed_amount', 'percentage', 'free_shipping', 'free_product'] as const;

export const rewardSchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(rewardKindValues),
  pointsCost: z.number(),
  amountMinor: z.number().nullable(),
  currency: z.string().nullable(),
  percentage: z.number().nullable(),
  productExternalId: z.string().nullable(),
  minimumOrderMinor: z.number().nullable(),
  limitPerCustomer: z.number().nullable(),
  tierIds: z.array(z.string()),
  codeValidDays: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export const redemptionSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  rewardId: z.string(),
  connectionId: z.string(),
  idempotencyKey: z.string(),
  points: z.number(),
  status: z.string(),
  code: z.string(),
  externalId: z.string().nullable(),
  failureReason: z.string().nullable(),
  attempts: z.number(),
  reward: z.object({ name: z.string(), kind: z.string() }).loose(),
  createdAt: z.string(),
  issuedAt: z.string().nullable(),
  expiresAt: z.string().nullable(),
  usedAt: z.string().nullable(),
  usedOrderId: z.string().nullable(),
  closedAt: z.string().nullable(),
});

export const rewardsResponse = z.object({ rewards: z.array(rewardSchema) });
export const deleteRewardResponse = z.object({ deleted: z.boolean() });
export const redemptionsResponse = z.object({ redemptions: z.array(redemptionSchema) });
export const redeemBody = z.strictObject({
  rewardId: z.string().min(1).max(100),
  idempotencyKey: z.string().min(8).max(100),
  connectionId: z.string().min(1).max(100).optional(),
});
export const redeemResponse = z.object({ redemption: redemptionSchema, replayed: z.boolean(), loyalty: loyaltySummarySchema });
export const cancelRedemptionResponse = z.object({ redemption: redemptionSchema, loyalty: loyaltySummarySchema });
