import { z } from 'zod';

// Responses of the points campaign routes (their bodies, campaignInput and campaignPatch, are the
// domain's: crm/loyalty/points-campaigns.service.ts). Imports only zod, so web/ can use the types.

export const campaignAudienceSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('everyone') }),
  z.object({ type: z.literal('segment'), id: z.string() }),
  z.object({ type: z.literal('tier'), id: z.string() }),
]);

export const pointsCampaignSchema = z.object({
  id: z.string(),
  name: z.string(),
  preset: z.string().nullable(),
  kind: z.enum(['multiplier', 'bonus']),
  multiplier: z.number(),
  bonusPoints: z.number(),
  minOrderMinor: z.number().nullable(),
  currency: z.string(),
  audience: campaignAudienceSchema,
  /** UTC instants. */
  startsAt: z.string(),
  endsAt: z.string(),
  /** The same window as the shop's wall time (YYYY-MM-DDTHH:mm in `timeZone`). */
  startsAtLocal: z.string(),
  endsAtLocal: z.string(),
  timeZone: z.string(),
  messages: z.object({ en: z.string().optional(), ur: z.string().optional(), pa: z.string().optional(), hi: z.string().optional() }),
  status: z.enum(['scheduled', 'active', 'ended', 'cancelled']),
  cancelledAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const campaignResultsSchema = z.object({
  /** Orders placed in the window that earn under the campaign. */
  orders: z.number(),
  /** Their totals net of refunds, not cancelled, in minor units of the campaign's currency. */
  revenueMinor: z.number(),
  /** Extra points the campaign's ledger source holds, available (net of what a reversal forgave) and pending. */
  pointsAwarded: z.number(),
  pointsPending: z.number(),
});

export const pointsCampaignDetail = pointsCampaignSchema.extend({ results: campaignResultsSchema });
export const pointsCampaignsResponse = z.object({ campaigns: z.array(pointsCampaignDetail), timeZone: z.string() });

export const campaignPresetsResponse = z.object({
  presets: z.array(
    z.object({
      key: z.enum(['ramadan', 'eid_ul_fitr', 'eid_ul_adha', 'diwali', 'singles_day', 'black_friday']),
      name: z.string(),
      kind: z.enum(['multiplier', 'bonus']),
      multiplier: z.number(),
      startsAt: z.string(),
      endsAt: z.string(),
      /** Lunar dates from a table of expected dates: the moon sighting may move them by a day. */
      approximate: z.boolean(),
      timeZone: z.string(),
    }),
  ),
});

export type PointsCampaignView = z.infer<typeof pointsCampaignSchema>;
export type PointsCampaignDetailView = z.infer<typeof pointsCampaignDetail>;
export type CampaignPresetView = z.infer<typeof campaignPresetsResponse>['presets'][number];
