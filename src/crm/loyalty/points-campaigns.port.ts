// Storage port of points campaigns (db/repos/points-campaigns.repo.ts). Every call is scoped to one account.

export type CampaignKind = 'multiplier' | 'bonus';
export type CampaignAudience = { type: 'everyone' } | { type: 'segment'; id: string } | { type: 'tier'; id: string };
export type CampaignLanguage = 'en' | 'ur' | 'pa' | 'hi';

export type PointsCampaign = {
  id: string;
  accountId: string;
  name: string;
  /** The preset it was made from (`eid_ul_fitr`…), or null. */
  preset: string | null;
  kind: CampaignKind;
  /** multiplier: the order's points times this (2 = double points). 1 for bonus campaigns. */
  multiplier: number;
  /** bonus: fixed extra points per qualifying order. 0 for multiplier campaigns. */
  bonusPoints: number;
  /** bonus: the order total (minor units of `currency`) an order needs to qualify, or null. */
  minOrderMinor: number | null;
  /** The account currency when created: `minOrderMinor`'s currency. */
  currency: string;
  audience: CampaignAudience;
  /** [startsAt, endsAt): UTC instants, entered as wall time in `timeZone`. */
  startsAt: string;
  endsAt: string;
  timeZone: string;
  /** The storefront's line while it runs, per language (absent: a generated one). */
  messages: Partial<Record<CampaignLanguage, string>>;
  cancelledAt: string | null;
  createdAt: string;
  updatedAt: string;
};

/** One campaign's share of one order, decided when the order was first awarded and kept. */
export type CampaignOrder = {
  campaignId: string;
  orderId: string;
  accountId: string;
  customerId: string;
  kind: CampaignKind;
  multiplier: number;
  bonusPoints: number;
  decidedAt: string;
};

export type CampaignResults = { orders: number; revenueMinor: number; pointsAwarded: number; pointsPending: number };

export interface PointsCampaignsRepo {
  get(accountId: string, id: string): Promise<PointsCampaign | undefined>;
  /** Newest window first. */
  list(accountId: string): Promise<PointsCampaign[]>;
  insert(campaign: PointsCampaign): Promise<void>;
  update(campaign: PointsCampaign): Promise<void>;
  /** Campaigns not cancelled before `at` whose window holds `at` (one index range of the account's campaigns). */
  runningAt(accountId: string, at: string): Promise<PointsCampaign[]>;
  /** Campaigns whose window has not ended at `at` and were not cancelled (running or scheduled), soonest first. */
  upcoming(accountId: string, at: string, limit: number): Promise<PointsCampaign[]>;
  /** The kept decisions for one order (empty: none applies, or the order was never awarded). */
  ordersOf(accountId: string, orderId: string): Promise<CampaignOrder[]>;
  recordOrders(rows: CampaignOrder[]): Promise<void>;
  /** Orders (count, total in the campaign's currency) and points the campaign's ledger source holds. */
  results(accountId: string, campaignId: string, currency: string): Promise<CampaignResults>;
}
