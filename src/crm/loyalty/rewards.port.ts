import type { DiscountKind } from './discounts.port.ts';

// Storage ports of the rewards catalogue and of redemptions (SQLite in db/repos/rewards.repo.ts).

type RewardKind = DiscountKind;

export type Reward = {
  id: string;
  accountId: string;
  name: string;
  kind: RewardKind;
  pointsCost: number;
  /** fixed_amount: minor units of `currency`. */
  amountMinor: number | null;
  currency: string | null;
  /** percentage: 1 to 100. */
  percentage: number | null;
  /** free_product: the platform's product (or variant gid) id. */
  productExternalId: string | null;
  minimumOrderMinor: number | null;
  /** Redemptions per customer that count (not failed or cancelled); null: no limit. */
  limitPerCustomer: number | null;
  /** Empty: every member; otherwise only members of these tiers. */
  tierIds: string[];
  /** Days a code stays valid after it is issued; null: until used or cancelled. */
  codeValidDays: number | null;
  active: boolean;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
};

/**
 * pending: points debited, code not yet confirmed by the store. issued: the code exists at the
 * store. failed: the store refused or could not be reached; points returned. used: an order
 * carried the code. returned: that order was later cancelled; points returned. expired and
 * cancelled: the code was disabled at the store (points returned as the program says).
 */
export type RedemptionStatus = 'pending' | 'issued' | 'failed' | 'used' | 'returned' | 'expired' | 'cancelled';

/** The reward as it was when redeemed, so a later edit of the catalogue changes no issued code. */
export type RewardSnapshot = Pick<
  Reward,
  'name' | 'kind' | 'pointsCost' | 'amountMinor' | 'currency' | 'percentage' | 'productExternalId' | 'minimumOrderMinor' | 'codeValidDays'
>;

export type Redemption = {
  id: string;
  accountId: string;
  customerId: string;
  rewardId: string;
  connectionId: string;
  idempotencyKey: string;
  points: number;
  status: RedemptionStatus;
  code: string;
  externalId: string | null;
  failureReason: string | null;
  /** Each attempt debits the points afresh (after a failure returned them). */
  attempts: number;
  reward: RewardSnapshot;
  createdAt: string;
  issuedAt: string | null;
  expiresAt: string | null;
  usedAt: string | null;
  usedOrderId: string | null;
  closedAt: string | null;
};

export interface RewardsRepo {
  get(accountId: string, id: string): Promise<Reward | undefined>;
  /** Not deleted, oldest first. */
  list(accountId: string): Promise<Reward[]>;
  insert(reward: Reward): Promise<void>;
  update(accountId: string, id: string, patch: Partial<Omit<Reward, 'id' | 'accountId' | 'createdAt'>>): Promise<void>;
}

export interface RedemptionsRepo {
  get(accountId: string, id: string): Promise<Redemption | undefined>;
  byKey(customerId: string, idempotencyKey: string): Promise<Redemption | undefined>;
  /** Case-sensitive: codes are stored upper-case; callers upper-case what an order carries. */
  byCode(accountId: string, code: string): Promise<Redemption | undefined>;
  /** Newest first. */
  ofCustomer(customerId: string): Promise<Redemption[]>;
  /** Redemptions of one reward by one customer that count towards its limit. */
  countTowardsLimit(customerId: string, rewardId: string): Promise<number>;
  insert(redemption: Redemption): Promise<void>;
  /**
   * Applies `patch` only while the row is still in `from` at attempt `attempt`; returns whether
   * it did. Two workers finishing the same attempt therefore write once.
   */
  transition(
    id: string,
    from: { status: RedemptionStatus; attempts: number },
    patch: Partial<Omit<Redemption, 'id' | 'accountId' | 'customerId'>>,
  ): Promise<boolean>;
  /** Pending since before `before` (a crash between debit and confirmation), oldest first. */
  stalePending(before: string, limit: number): Promise<Redemption[]>;
  /** Issued, unused codes whose expiry has passed. */
  expiredIssued(now: string, limit: number): Promise<Redemption[]>;
}
