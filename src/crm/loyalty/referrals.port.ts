// Storage port of referrals (SQLite in db/repos/referrals.repo.ts). A referral links an advocate
// (the member whose code was used) to a friend, and later to the friend's first order.

/**
 * pending: the friend arrived, no first order yet. completed: the first order is linked and
 * passed every check. blocked: a fraud rule stopped it (see `block`). approved / rejected: a
 * merchant decided; approved pays as if it had passed, rejected never pays.
 */
export type ReferralStatus = 'pending' | 'completed' | 'blocked' | 'approved' | 'rejected';
export const referralStatuses = ['pending', 'completed', 'blocked', 'approved', 'rejected'] as const satisfies readonly ReferralStatus[];

export type ReferralBlockCode = 'self_referral' | 'not_first_order' | 'ip_limit' | 'similar_email' | 'already_referred';

/** Why a referral was blocked, in words a merchant understands. */
export type ReferralBlock = { code: ReferralBlockCode; message: string };

export type Referral = {
  id: string;
  accountId: string;
  advocateId: string;
  friendId: string | null;
  /** Canonical form (lower-case; Gmail dots and +tags removed), so variants of one address match. */
  friendEmail: string | null;
  /** E.164. */
  friendPhone: string | null;
  /** Keyed hash of the friend's IP; never the IP itself. */
  ipHash: string | null;
  orderId: string | null;
  status: ReferralStatus;
  block: ReferralBlock | null;
  createdAt: string;
  decidedAt: string | null;
  decidedBy: string | null;
};

type ReferralPatch = Partial<Pick<Referral, 'friendId' | 'orderId' | 'status' | 'block' | 'decidedAt' | 'decidedBy'>>;

type ReferralPage = { rows: Referral[]; hasNextPage: boolean };

export interface ReferralsRepo {
  insert(referral: Referral): Promise<void>;
  get(accountId: string, id: string): Promise<Referral | undefined>;
  update(accountId: string, id: string, patch: ReferralPatch): Promise<void>;
  /** Referrals in `statuses` whose friend is this profile, or has this canonical email or phone; oldest first. */
  forFriend(
    accountId: string,
    friend: { customerId: string | null; email: string | null; phone: string | null },
    statuses: readonly ReferralStatus[],
  ): Promise<Referral[]>;
  /** How many referrals came from one IP hash since `since` (any status). */
  countFromIp(accountId: string, ipHash: string, since: string): Promise<number>;
  /** Newest first; `after` is the id of the last row of the previous page. */
  list(accountId: string, options: { status?: ReferralStatus; first: number; after?: string }): Promise<ReferralPage>;
  /** Whether two profiles have a (normalised) address in common. */
  shareAddress(customerA: string, customerB: string): Promise<boolean>;
}
