import type {
  Redemption, RedemptionsRepo, Reward, RewardsRepo, RewardSnapshot,
} from '../../crm/loyalty/rewards.port.ts';
import type { Db } from '../client.ts';
import { patchUpdater, type RowOf } from './prepared.ts';

// The rewards catalogue and redemptions. Statuses only move through `transition`, a guarded
// UPDATE, so a retried or resumed attempt can never overwrite a newer outcome.

type RewardRow = RowOf<Reward, { tierIds: string; active: number }>;
const toReward = (r: RewardRow): Reward => ({
  id: r.id, accountId: r.account_id, name: r.name, kind: r.kind, pointsCost: r.points_cost, amountMinor: r.amount_minor, currency: r.currency,
  percentage: r.percentage, productExternalId: r.product_external_id, minimumOrderMinor: r.minimum_order_minor, limitPerCustomer: r.limit_per_customer,
  tierIds: JSON.parse(r.tier_ids) as string[], codeValidDays: r.code_valid_days, active: r.active === 1, createdAt: r.created_at,
  updatedAt: r.updated_at, deletedAt: r.deleted_at,
});
const rewardColumns: Record<string, string> = {
  name: 'name', kind: 'kind', pointsCost: 'points_cost', amountMinor: 'amount_minor', currency: 'currency', percentage: 'percentage',
  productExternalId: 'product_external_id', minimumOrderMinor: 'minimum_order_minor', limitPerCustomer: 'limit_per_customer', tierIds: 'tier_ids',
  codeValidDays: 'code_valid_days', active: 'active', updatedAt: 'updated_at', deletedAt: 'deleted_at',
};
const rewardBindable = (r: Partial<Reward>) => ({
  ...r, ...(r.tierIds ? { tierIds: JSON.stringify(r.tierIds) } : {}), ...(r.active === undefined ? {} : { active: r.active ? 1 : 0 }),
});

export function rewardsRepo(db: Db): RewardsRepo {
  const updateReward = patchUpdater(db.$client, 'rewards', rewardColumns, 'account_id = @accountId AND id = @id');
  const s = db.$client;
  const q = {
    get: s.prepare('SELECT * FROM rewards WHERE account_id = ? AND id = ?'),
    list: s.prepare('SELECT * FROM rewards WHERE account_id = ? AND deleted_at IS NULL ORDER BY created_at, id'),
    insert: s.prepare(`INSERT INTO rewards (id, account_id, name, kind, points_cost, amount_minor, currency, percentage, product_external_id,
        minimum_order_minor, limit_per_customer, tier_ids, code_valid_days, active, created_at, updated_at, deleted_at)
      VALUES (@id, @accountId, @name, @kind, @pointsCost, @amountMinor, @currency, @percentage, @productExternalId, @minimumOrderMinor,
        @limitPerCustomer, @tierIds, @codeValidDays, @active, @createdAt, @updatedAt, @deletedAt)`),
  };
  return {
    async get(accountId, id) {
      const r = q.get.get(accountId, id) as RewardRow | undefined;
      return r && toReward(r);
    },
    async list(accountId) {
      return (q.list.all(accountId) as RewardRow[]).map(toReward);
    },
    async insert(reward) {
      q.insert.run(rewardBindable(reward));
    },
    async update(accountId, id, patch) {
      updateReward(patch)?.run({ ...rewardBindable(patch), accountId, id });
    },
  };
}

type RedemptionRow = RowOf<Redemption, { reward: string }>;
const toRedemption = (r: RedemptionRow): Redemption => ({
  id: r.id, accountId: r.account_id, customerId: r.customer_id, rewardId: r.reward_id, connectionId: r.connection_id, idempotencyKey: r.idempotency_key,
  points: r.points, status: r.status, code: r.code, externalId: r.external_id, failureReason: r.failure_reason, attempts: r.attempts,
  reward: JSON.parse(r.reward) as RewardSnapshot, createdAt: r.created_at, issuedAt: r.issued_at, expiresAt: r.expires_at, usedAt: r.used_at,
  usedOrderId: r.used_order_id, closedAt: r.closed_at,
});
const redemptionColumns: Record<string, string> = {
  rewardId: 'reward_id', connectionId: 'connection_id', idempotencyKey: 'idempotency_key', points: 'points', status: 'status', code: 'code',
  externalId: 'external_id', failureReason: 'failure_reason', attempts: 'attempts', reward: 'reward', createdAt: 'created_at', issuedAt: 'issued_at',
  expiresAt: 'expires_at', usedAt: 'used_at', usedOrderId: 'used_order_id', closedAt: 'closed_at',
};
const redemptionBindable = (r: Partial<Redemption>) => ({ ...r, ...(r.reward ? { reward: JSON.stringify(r.reward) } : {}) });

export function redemptionsRepo(db: Db): RedemptionsRepo {
  const transition = patchUpdater(db.$client, 'redemptions', redemptionColumns, 'id = @id AND status = @fromStatus AND attempts = @fromAttempts');
  const s = db.$client;
  const q = {
    get: s.prepare('SELECT * FROM redemptions WHERE account_id = ? AND id = ?'),
    byKey: s.prepare('SELECT * FROM redemptions WHERE customer_id = ? AND idempotency_key = ?'),
    byCode: s.prepare('SELECT * FROM redemptions WHERE account_id = ? AND code = ?'),
    ofCustomer: s.prepare('SELECT * FROM redemptions WHERE customer_id = ? ORDER BY created_at DESC, id DESC'),
    count: s.prepare(`SELECT count(*) AS n FROM redemptions WHERE customer_id = ? AND reward_id = ? AND status NOT IN ('failed', 'cancelled')`),
    insert: s.prepare(`INSERT INTO redemptions (id, account_id, customer_id, reward_id, connection_id, idempotency_key, points, status, code,
        external_id, failure_reason, attempts, reward, created_at, issued_at, expires_at, used_at, used_order_id, closed_at)
      VALUES (@id, @accountId, @customerId, @rewardId, @connectionId, @idempotencyKey, @points, @status, @code, @externalId, @failureReason,
        @attempts, @reward, @createdAt, @issuedAt, @expiresAt, @usedAt, @usedOrderId, @closedAt)`),
    stale: s.prepare(`SELECT * FROM redemptions WHERE status = 'pending' AND created_at < ? ORDER BY created_at LIMIT ?`),
    // Served by the (status, expires_at) index.
    expired: s.prepare(`SELECT * FROM redemptions WHERE status = 'issued' AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at LIMIT ?`),
  };
  const one = (r: unknown) => (r ? toRedemption(r as RedemptionRow) : undefined);
  return {
    async get(accountId, id) { return one(q.get.get(accountId, id)); },
    async byKey(customerId, key) { return one(q.byKey.get(customerId, key)); },
    async byCode(accountId, code) { return one(q.byCode.get(accountId, code)); },
    async ofCustomer(customerId) { return (q.ofCustomer.all(customerId) as RedemptionRow[]).map(toRedemption); },
    async countTowardsLimit(customerId, rewardId) { return (q.count.get(customerId, rewardId) as { n: number }).n; },
    async insert(redemption) { q.insert.run(redemptionBindable(redemption)); },
    async transition(id, from, patch) {
      const statement = transition(patch);
      return statement ? statement.run({ ...redemptionBindable(patch), id, fromStatus: from.status, fromAttempts: from.attempts }).changes > 0 : false;
    },
    async stalePending(before, limit) { return (q.stale.all(before, limit) as RedemptionRow[]).map(toRedemption); },
    async expiredIssued(now, limit) { return (q.expired.all(now, limit) as RedemptionRow[]).map(toRedemption); },
  };
}
