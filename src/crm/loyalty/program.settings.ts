import { z } from 'zod';

// The merchant's loyalty program, validated strictly: a bad setting is refused with a reason,
// never half-saved. Stored as JSON, one row per version (see db/schema/loyalty.ts).

const awardTriggers = ['placed', 'paid', 'fulfilled', 'delivered'] as const;
export type AwardTrigger = (typeof awardTriggers)[number];

const currency = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as PKR');
const decimal = z.string().regex(/^\d{1,12}(\.\d{1,4})?$/, 'a positive decimal such as "100" or "0.5"');
const points = z.number().int().min(0).max(1_000_000);

const earningRate = z.strictObject({
  currency,
  /** Points for every `per` units of `currency` (1 point per PKR 100: points 1, per "100"). */
  points: z.number().positive().max(10_000),
  per: decimal.refine((v) => Number(v) > 0, 'must be above zero'),
});

export const programSettings = z.strictObject({
  enabled: z.boolean().default(true),
  /** Orders placed before this instant earn nothing (no windfall from history on install). */
  earnOrdersPlacedFrom: z.iso.datetime(),
  earning: z.strictObject({
    // An order in a currency with no rate earns nothing, and its award says so: we hold no
    // exchange rates, and points must never come from a presentment currency.
    rates: z
      .array(earningRate)
      .min(1)
      .max(20)
      .refine((r) => new Set(r.map((x) => x.currency)).size === r.length, 'one rate per currency'),
    includeShipping: z.boolean().default(false),
    includeTax: z.boolean().default(false),
    rounding: z.enum(['floor', 'round', 'ceil']).default('floor'),
    // When pending points become available. Cash on delivery is paid when the courier collects
    // it, so it waits for delivery by default; "paid" on a COD order means cash collected.
    triggers: z
      .strictObject({
        card: z.enum(awardTriggers).default('paid'),
        cod: z.enum(awardTriggers).default('delivered'),
        other: z.enum(awardTriggers).default('paid'),
      })
      .default({ card: 'paid', cod: 'delivered', other: 'paid' }),
    /** Points stay pending this many days after the trigger (the returns window). */
    approvalDelayDays: z.number().int().min(0).max(365).default(0),
    excludeGiftCards: z.boolean().default(true),
    excludedProductIds: z.array(z.string().min(1).max(100)).max(500).default([]),
    excludedCustomerTags: z.array(z.string().min(1).max(100)).max(100).default([]),
  }),
  actions: z
    .strictObject({
      signup: points.default(0),
      birthday: points.default(0),
      newsletter: points.default(0),
      firstOrder: points.default(0),
      review: points.default(0),
    })
    .default({ signup: 0, birthday: 0, newsletter: 0, firstOrder: 0, review: 0 }),
  /** A reversal larger than the balance: "clamp" stops at zero and forgives the rest, "allow" leaves a debt. */
  negativeBalance: z.enum(['clamp', 'allow']).default('clamp'),
  tiers: z
    .strictObject({
      basis: z.enum(['points_earned', 'amount_spent']).default('points_earned'),
      period: z.enum(['lifetime', 'rolling_12_months', 'calendar_year']).default('lifetime'),
      /** Days after the period ends before a member who no longer qualifies moves down. */
      graceDays: z.number().int().min(0).max(365).default(0),
    })
    .default({ basis: 'points_earned', period: 'lifetime', graceDays: 0 }),
  referrals: z
    .strictObject({
      enabled: z.boolean().default(false),
      advocatePoints: points.default(0),
      friendPoints: points.default(0),
      maxPerIpPerDay: z.number().int().min(1).max(1000).default(3),
    })
    .default({ enabled: false, advocatePoints: 0, friendPoints: 0, maxPerIpPerDay: 3 }),
  expiry: z
    .strictObject({
      mode: z.enum(['none', 'inactivity', 'per_entry']).default('none'),
      months: z.number().int().min(1).max(120).default(12),
      /** Reminder events this many days before points expire (for marketing flows). */
      reminderDays: z.array(z.number().int().min(1).max(365)).max(5).default([30, 7]),
    })
    .default({ mode: 'none', months: 12, reminderDays: [30, 7] }),
  /**
   * What one point costs the shop, in the account's reporting currency (e.g. "0.5" when 100 points
   * buy a 50.00 discount). Analytics values the points members hold with it; absent: not valued.
   */
  pointCost: decimal.optional(),
  rewards: z
    .strictObject({
      /** Give the points back when an unused reward code expires. */
      returnPointsOnCodeExpiry: z.boolean().default(true),
    })
    .default({ returnPointsOnCodeExpiry: true }),
});

export type ProgramSettings = z.infer<typeof programSettings>;
export type ProgramSettingsInput = z.input<typeof programSettings>;

/** A program as stored: settings plus the version they were saved as. */
export type Program = { accountId: string; version: number; settings: ProgramSettings; createdAt: string };

/** A sensible first program for a store in `currency`: 1 point per 100 units, COD on delivery. */
export function defaultSettings(currencyCode: string, now: string): ProgramSettings {
  return programSettings.parse({
    earnOrdersPlacedFrom: now,
    earning: {
      rates: [{ currency: currencyCode, points: 1, per: ['USD', 'EUR', 'GBP', 'CAD', 'AUD'].includes(currencyCode) ? '1' : '100' }],
    },
  });
}
