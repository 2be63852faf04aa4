import type { Audience, Campaign, RecipientOutcome } from './campaign.ts';
import type { CampaignCursor } from './campaigns.port.ts';

// The admin's read model of campaigns (db/queries/campaigns.query.ts): lists, one campaign, its
// recipients page by page, and the facts its report is computed from (campaign-report.ts).
// Every call is scoped to one account.

export type RecipientRow = {
  customerId: string;
  name: string | null;
  email: string | null;
  group: string | null;
  outcome: RecipientOutcome;
  reason: string | null;
  messageId: string | null;
  messageStatus: string | null;
  sendAt: string | null;
};

/** Counts by group, as the report reads them (group null: skipped before assignment). */
export type ReportFacts = {
  currency: string;
  recipients: Array<{ group: string | null; outcome: RecipientOutcome; reason: string | null; n: number }>;
  /** Messages by status per group. */
  messages: Array<{ group: string; status: string; n: number }>;
  /** Distinct messages with a message_events row of this status (opened, clicked, unsubscribed) per group. */
  events: Array<{ group: string; status: string; n: number }>;
  /** Per group: customers with an order in the window, the orders, and their total in `currency` (minor units). */
  conversions: Array<{ group: string; customers: number; orders: number; revenueMinor: number }>;
};

/** Customers an audience holds now, and how many of them have an address on each channel. */
export type AudienceSize = { customers: number; withEmail: number; withPhone: number };

export interface CampaignQueriesPort {
  list(accountId: string, after: CampaignCursor | null, limit: number): Promise<Campaign[]>;
  get(accountId: string, id: string): Promise<Campaign | undefined>;
  /** In customer id order after `after`; optionally one group. */
  recipients(accountId: string, id: string, filter: { group?: string }, after: string | null, limit: number): Promise<RecipientRow[]>;
  /** The audience as a send starting now would expand it (erased customers left out); null: no such segment in the account. */
  audienceSize(accountId: string, audience: Audience): Promise<AudienceSize | null>;
  /** Orders placed in [from, to) count for the group of the customer who placed them. */
  reportFacts(accountId: string, id: string, window: { from: string; to: string }): Promise<ReportFacts>;
}
