import type { Program, ProgramSettings } from './program.settings.ts';
import type { AwardStatus } from './order-points.ts';
import type { PointsCampaignsRepo } from './points-campaigns.port.ts';
import type { ReferralsRepo } from './referrals.port.ts';
import type { RedemptionsRepo, RewardsRepo } from './rewards.port.ts';

// Storage ports of the loyalty domain (async, like crm/store.port.ts; SQLite in db/repos/).

export type LedgerReason =
  | 'order'
  | 'first_order'
  | 'refund'
  | 'cancellation'
  | 'signup'
  | 'birthday'
  | 'newsletter'
  | 'review'
  | 'referral'
  | 'tier_bonus'
  /** A points campaign's extra on an order (double points, a bonus); reductions are refund/cancellation. */
  | 'campaign'
  | 'manual'
  | 'redemption'
  | 'redemption_return'
  | 'expiry'
  | 'merge_duplicate';

/**
 * The state a row records: points that became (or stopped being) pending, became available,
 * expired, or were reversed (refund, cancellation, return to sender).
 */
export type LedgerState = 'pending' | 'available' | 'expired' | 'reversed';

export type LedgerEntry = {
  id: number;
  accountId: string;
  customerId: string;
  reason: LedgerReason;
  state: LedgerState;
  /** What the row shows: the size of the movement (positive), or a signed adjustment. */
  points: number;
  pendingDelta: number;
  availableDelta: number;
  /** Points a reversal could not take back because the balance may not go negative. */
  forgiven: number;
  sourceType: string | null;
  sourceId: string | null;
  programVersion: number | null;
  note: string | null;
  actor: string | null;
  dedupeKey: string;
  occurredAt: string;
  createdAt: string;
};

export type NewLedgerEntry = Omit<LedgerEntry, 'id'>;

type Balance = {
  /** Spendable: the sum of every row's available delta. */
  available: number;
  /** Earned but waiting for a trigger or the approval delay: the sum of pending deltas. */
  pending: number;
  /** Points earned and kept (net of reversals), never reduced by spending or expiry. */
  lifetimeEarned: number;
};

export type SourceTotals = { pending: number; available: number; forgiven: number; entries: number };

export interface LedgerRepo {
  /** Inserts unless the (account, dedupe key) exists; returns whether it was new. */
  append(entry: NewLedgerEntry): Promise<boolean>;
  balance(customerId: string): Promise<Balance>;
  /** What the ledger holds for one customer from one source (an order's points, its first-order bonus). */
  sourceTotals(accountId: string, customerId: string, sourceType: string, sourceId: string): Promise<SourceTotals>;
  /** Customers holding points of a source (an order can move between profiles). */
  holdersOf(accountId: string, sourceType: string, sourceId: string): Promise<string[]>;
  /** Sources of one type (e.g. first_order bonuses) for which the customer holds points. */
  sourcesHeld(accountId: string, customerId: string, sourceType: string): Promise<string[]>;
  /** Newest first; `beforeId` pages back. */
  page(customerId: string, options: { beforeId?: number; limit: number }): Promise<LedgerEntry[]>;
  /** Net points earned (reasons other than spending and expiry) with occurredAt in [from, to). */
  earnedBetween(customerId: string, from: string | null, to: string): Promise<number>;
  countReason(customerId: string, reason: LedgerReason): Promise<number>;
  byReason(customerId: string, reason: LedgerReason): Promise<LedgerEntry[]>;
  /** Rows that added available points (oldest first by occurredAt) and the sum of every available reduction. */
  availableFlows(customerId: string): Promise<AvailableFlows>;
}

export type AvailableFlows = { credits: Array<{ occurredAt: string; points: number }>; debited: number };

export interface ProgramsRepo {
  current(accountId: string): Promise<Program | undefined>;
  version(accountId: string, version: number): Promise<Program | undefined>;
  /** Saves the settings as the next version. */
  save(accountId: string, settings: ProgramSettings, actor: string | null, at: string): Promise<Program>;
  /** Accounts that have saved a program (the loyalty scheduler walks them). */
  accountIds(): Promise<string[]>;
}

export type Member = {
  customerId: string;
  accountId: string;
  referralCode: string;
  tierId: string | null;
  tierSince: string | null;
  birthday: string | null;
  /** When the shopper last set the birthday themselves (they may change it once in 12 months). */
  birthdaySetByShopperAt: string | null;
  lastActivityAt: string | null;
  joinedAt: string;
};

export interface MembersRepo {
  get(customerId: string): Promise<Member | undefined>;
  insert(member: Member): Promise<void>;
  update(customerId: string, patch: Partial<Omit<Member, 'customerId' | 'accountId'>>): Promise<void>;
  byReferralCode(accountId: string, code: string): Promise<Member | undefined>;
  /** Members of an account matching every given filter, by customer id after `after` (keyset pages). */
  page(accountId: string, filter: MemberFilter, after: string | null, limit: number): Promise<Member[]>;
}

export type MemberFilter = {
  tierId?: string;
  tiered?: boolean;
  /** tier_since strictly before this instant. */
  tierSinceBefore?: string;
  /** last activity (or joining, if none) at or before this instant. */
  activeBefore?: string;
  /** Birthdays ("MM-DD") to match. */
  birthdays?: string[];
  /** Only members whose available balance is above zero. */
  hasPoints?: boolean;
};

export type OrderAward = {
  orderId: string;
  accountId: string;
  customerId: string;
  programVersion: number;
  multiplier: number;
  basisMinor: number;
  currency: string;
  points: number;
  status: AwardStatus;
  explanation: string;
  /** Set while points wait for the approval delay; the scheduler re-checks the order then. */
  maturesAt: string | null;
  updatedAt: string;
};

export interface OrderAwardsRepo {
  get(orderId: string): Promise<OrderAward | undefined>;
  save(award: OrderAward): Promise<void>;
  /** Pending awards whose approval delay has run out. */
  due(now: string, limit: number): Promise<OrderAward[]>;
}

export type LoyaltyRepos = {
  ledger: LedgerRepo;
  programs: ProgramsRepo;
  members: MembersRepo;
  orderAwards: OrderAwardsRepo;
  tiers: TiersRepo;
  rewards: RewardsRepo;
  redemptions: RedemptionsRepo;
  referrals: ReferralsRepo;
  /** Points campaigns and the campaigns each order earns under (points-campaigns.service.ts). */
  campaigns: PointsCampaignsRepo;
};

export type Tier = {
  id: string;
  accountId: string;
  name: string;
  /** Points earned, or minor units of the account currency spent, in the qualifying period. */
  threshold: number;
  multiplier: number;
  entryPoints: number;
  perks: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

export interface TiersRepo {
  get(accountId: string, id: string): Promise<Tier | undefined>;
  /** Live tiers, lowest threshold first. */
  list(accountId: string): Promise<Tier[]>;
  insert(tier: Tier): Promise<void>;
  update(accountId: string, id: string, patch: Partial<Omit<Tier, 'id' | 'accountId' | 'createdAt'>>): Promise<void>;
}
