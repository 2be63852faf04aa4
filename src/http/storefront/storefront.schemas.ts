import { z } from 'zod';
import { loyaltySummarySchema } from '../admin/loyalty.schemas.ts';

// Response shapes of the shopper API. The theme widget, the checkout blocks and the WordPress
// plugin read these fields: sendChecked holds each body to its schema in tests. Like every
// *.schemas.ts, imports only zod (and other schema files).

const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });
const rate = z.object({ currency: z.string(), points: z.number(), per: z.string() });

/**
 * A points campaign running now that this shopper's orders earn under (double points, a bonus):
 * the widget shows `messages[language]` or words its own line from the figures and `endsAt`
 * (shown in the shop's `timeZone`); estimates add the multiplier's extra, each rounded on its own.
 */
export const shopperCampaign = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['multiplier', 'bonus']),
  multiplier: z.number(),
  bonusPoints: z.number(),
  minOrderMinor: z.number().nullable(),
  /** The same minimum as a decimal amount of `currency` ("2500.00"), for clients that count in major units. */
  minOrderAmount: z.string().nullable(),
  currency: z.string(),
  endsAt: z.string(),
  timeZone: z.string(),
  messages: z.object({ en: z.string().optional(), ur: z.string().optional(), pa: z.string().optional(), hi: z.string().optional() }),
});

export const shopperLoyaltyResponse = z.object({
  loggedIn: z.boolean(),
  enabled: z.boolean(),
  earning: z.array(rate),
  rounding: z.enum(['floor', 'round', 'ceil']),
  /** One way to earn, as data the widget words in the shopper's language; `description` is the English sentence. */
  waysToEarn: z.array(
    z.object({
      action: z.string(),
      points: z.number().nullable(),
      rates: z.array(z.object({ points: z.number(), per: z.string(), currency: z.string() })).optional(),
      description: z.string(),
    }),
  ),
  referrals: z.object({ enabled: z.boolean(), friendPoints: z.number(), advocatePoints: z.number() }),
  join: z.object({ signupPoints: z.number(), message: z.string() }).nullable(),
  campaigns: z.array(shopperCampaign),
  member: z
    .object({
      balance: z.number(),
      pending: z.number(),
      tier: z.object({ name: z.string(), multiplier: z.number() }).nullable(),
      tierProgress: loyaltySummarySchema.shape.tierProgress,
      referral: z.object({ code: z.string(), link: z.string() }).nullable(),
      birthday: z.string().nullable().describe('MM-DD'),
      birthdayChangeableFrom: z.string().nullable().describe("Set while the shopper's own entry is locked"),
    })
    .nullable(),
});

const trigger = z.enum(['placed', 'paid', 'fulfilled', 'delivered']);
/** The program's order-earning rule for this shopper, applied to carts by the WordPress plugin. */
export const shopperEarningResponse = z.union([
  z.object({ enabled: z.literal(false) }),
  z.object({
    enabled: z.literal(true),
    programVersion: z.number(),
    rates: z.array(rate.extend({ minorDigits: z.number() })),
    rounding: z.enum(['floor', 'round', 'ceil']),
    includeShipping: z.boolean(),
    includeTax: z.boolean(),
    excludeGiftCards: z.boolean(),
    excludedProductIds: z.array(z.string()),
    earnOrdersPlacedFrom: z.string(),
    triggers: z.object({ card: trigger, cod: trigger, other: trigger }),
    approvalDelayDays: z.number(),
    shopper: z.object({ multiplier: z.number(), earns: z.boolean() }),
    campaigns: z.array(shopperCampaign),
  }),
]);

export const shopperHistoryResponse = z.object({
  entries: z.array(
    z.object({
      id: z.string(),
      reason: z.string(),
      state: z.string(),
      points: z.number(),
      pendingDelta: z.number(),
      availableDelta: z.number(),
      occurredAt: z.string(),
      note: z.string().nullable(),
    }),
  ),
  pageInfo,
});

export const referralOutcomeResponse = z.object({ eligible: z.boolean(), message: z.string() });

const redemptionStatus = z.enum(['pending', 'issued', 'failed', 'used', 'returned', 'expired', 'cancelled']);
const shopperCode = z.object({
  id: z.string(),
  code: z.string(),
  status: redemptionStatus,
  points: z.number(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  rewardName: z.string(),
});

export const shopperRewardsResponse = z.object({
  rewards: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      kind: z.enum(['fixed_amount', 'percentage', 'free_shipping', 'free_product']),
      pointsCost: z.number(),
      amountMinor: z.number().nullable(),
      currency: z.string().nullable(),
      percentage: z.number().nullable(),
      minimumOrderMinor: z.number().nullable(),
      available: z.boolean(),
      reason: z.string().nullable(),
    }),
  ),
  codes: z.array(shopperCode),
});

export const redemptionResponse = z.object({ redemption: shopperCode, balance: z.number() });

/** GET and POST /loyalty/birthday: the signed-in shopper's own month and day (MM-DD). */
export const shopperBirthdayResponse = z.object({ birthday: z.string().nullable(), changeableFrom: z.string().nullable() });
