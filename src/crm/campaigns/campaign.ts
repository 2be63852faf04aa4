import type { CustomerFilters } from '../customers/customer-list.ts';

// A campaign: one message from a template (per A/B variant) to an audience, at a time, inside a
// send window in the shopper's time zone, with a random holdout that receives nothing.

export const CAMPAIGN_STATUSES = ['draft', 'scheduled', 'sending', 'sent', 'cancelled'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

/** A saved segment's kept members, or the customer list's filters (the same shape as GET /api/customers). */
export type Audience = { kind: 'segment'; segmentId: string } | { kind: 'filter'; filters: CustomerFilters };

/** One arm of an A/B test: a template and its share of the non-holdout recipients (weights are relative). */
export type Variant = { key: string; templateId: string; weight: number };

/** Minutes after local midnight; `opens` < `closes`, or a window across midnight when `opens` > `closes`. */
export type SendWindow = { opens: number; closes: number };

export type CampaignCounts = { recipients: number; queued: number; skipped: number; holdout: number };

export type Campaign = {
  id: string;
  accountId: string;
  name: string;
  status: CampaignStatus;
  channel: string;
  audience: Audience;
  variants: Variant[];
  holdoutPercent: number;
  window: SendWindow | null;
  sendAt: string | null;
  /** The last customer id expanded (keyset order); null before the first page. */
  cursor: string | null;
  counts: CampaignCounts;
  attributionDays: number;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export type RecipientOutcome = 'queued' | 'skipped' | 'holdout';
export type SkipReason = 'no_address' | 'capped' | 'no_variant' | 'invalid' | 'customer_not_found';

export type Recipient = {
  campaignId: string;
  customerId: string;
  accountId: string;
  /** A variant's key, `holdout`, or null when skipped before assignment (no address). */
  group: string | null;
  outcome: RecipientOutcome;
  reason: SkipReason | null;
  messageId: string | null;
  sendAt: string | null;
  createdAt: string;
};

export const HOLDOUT = 'holdout';

/** One message per campaign and customer, however often a page is replayed. */
export const campaignMessageKey = (campaignId: string, customerId: string) => `campaign:${campaignId}:${customerId}`;

/** The frequency cap: at most `messages` marketing messages per customer per `days` days; null: none. */
export type FrequencyCap = { messages: number; days: number } | null;
