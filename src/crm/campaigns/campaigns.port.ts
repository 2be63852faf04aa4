import type { Audience, Campaign, CampaignCounts, CampaignStatus, FrequencyCap, Recipient, SendWindow, Variant } from './campaign.ts';

// Campaign storage, bound to a unit of work like crm/store.port.ts's repositories (`repos.campaigns`,
// db/repos/campaigns.repo.ts), so a page's recipients, its messages and the cursor commit together.
// Every call is scoped to one account.

export type CampaignDraft = {
  name: string;
  channel: string;
  audience: Audience;
  variants: Variant[];
  holdoutPercent: number;
  window: SendWindow | null;
  sendAt: string | null;
  attributionDays: number;
};

/** A customer of the audience with what the page needs before composing. */
export type AudienceMember = { customerId: string; email: string | null; phone: string | null; country: string | null };

export type CampaignCursor = { createdAt: string; id: string };

export interface CampaignsRepo {
  insert(campaign: Campaign): Promise<void>;
  get(accountId: string, id: string): Promise<Campaign | undefined>;
  /** Newest first, keyset-paged by (created at, id). */
  list(accountId: string, after: CampaignCursor | null, limit: number): Promise<Campaign[]>;
  /** Replaces a draft's or scheduled campaign's fields; false when it is no longer in one of `from`. */
  updateDraft(accountId: string, id: string, draft: CampaignDraft, from: CampaignStatus[], now: string): Promise<boolean>;
  /** Moves the status from one of `from` to `to`; false when the campaign was in none of them. */
  setStatus(
    accountId: string,
    id: string,
    from: CampaignStatus[],
    to: CampaignStatus,
    now: string,
    times?: { sendAt?: string | null; startedAt?: string; finishedAt?: string },
  ): Promise<boolean>;
  /** Scheduled campaigns whose time has come, and sending ones, across accounts (the send job), oldest send first. */
  due(now: string, limit: number): Promise<Array<{ accountId: string; id: string }>>;
  /**
   * Holds a sending campaign for the unit (PostgreSQL: the row's lock, so a cancel waits for the page
   * to commit and then withdraws its messages too); false when it is no longer sending.
   */
  holdSending(accountId: string, id: string, now: string): Promise<boolean>;
  /** The next `limit` customers of the audience after `after` in id order (not erased). */
  audiencePage(accountId: string, audience: Audience, after: string | null, limit: number): Promise<AudienceMember[]>;
  /** Marketing messages queued for each of these customers since `since`, other campaigns' and flows' (not this campaign's own). */
  marketingSince(accountId: string, customerIds: string[], since: string, exceptCampaignId: string): Promise<Map<string, number>>;
  frequencyCap(accountId: string): Promise<FrequencyCap>;
  setFrequencyCap(accountId: string, cap: FrequencyCap, now: string): Promise<void>;
  /** Inserts the row unless the customer already has one for the campaign; returns whether it was new. */
  addRecipient(recipient: Recipient): Promise<boolean>;
  /** Moves the cursor and adds this page's new rows to the counts. */
  advance(accountId: string, id: string, cursor: string, added: CampaignCounts, now: string): Promise<void>;
  /** The campaign's messages not yet claimed by a sender become `suppressed` (reason `cancelled`); returns how many. */
  withdrawQueued(accountId: string, id: string, now: string): Promise<number>;
}
