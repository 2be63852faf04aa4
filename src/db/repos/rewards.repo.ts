import type { Redemption, RedemptionsRepo, Reward, RewardsRepo, RewardSnapshot } from '../../crm/loyalty/rewards.port.ts';
import { query, type Executor } from '../sql/executor.ts';
import { patchUpdater } from '../sql/statements.ts';
import type { RowOf } from './prepared.ts';

// The rewards catalogue and redemptions. Statuses only move through `transition`, a guarded
// UPDATE, so a retried or resumed attempt can never overwrite a newer outcome.

// `active` reads as 0/1 on SQLite, a boolean on PostgreSQL.
type RewardRow = RowOf<Reward, { tierIds: string; active: number | boolean }>;
const toReward = (r: RewardRow): Reward => ({
  id: r.id,
  accountId: r.account_id,
  name: r.name,
  kind: r.kind,
  pointsCost: r.points_cost,
  amountMinor: r.amount_minor,
  currency: r.currency,
  percentage: r.percentage,
  productExternalId: r.product_external_id,
  minimumOrderMinor: r.minimum_order_minor,
  limitPerCustomer: r.limit_per_customer,
  tierIds: JSON.parse(r.tier_ids) as string[],
  codeValidDays: r.code_valid_days,
  active: Boolean(r.active),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
});
const rewardColumns: Record<string, string> = {
  name: 'name',
  kind: 'kind',
  pointsCost: 'points_cost',
  amountMinor: 'amount_minor',
  currency: 'currency',
  percentage: 'percentage',
  productExternalId: 'product_external_id',
  minimumOrderMinor: 'minimum_order_minor',
  limitPerCustomer: 'limit_per_customer',
  tierIds: 'tier_ids',
  codeValidDays: 'code_valid_days',
  active: 'active',
  updatedAt: 'updated_at',
  deletedAt: 'deleted_at',
};
// tier_ids is JSON text on both databases (the executor would bind an array natively on PostgreSQL).
const rewardBindable = (r: Partial<Reward>) => ({ ...r, ...(r.tierIds ? { tierIds: JSON.stringify(r.tierIds) } : {}) });

const updateReward = patchUpdater('rewards', rewardColumns, 'account_id = :accountId AND id = :id');
const rewardQ = {
  get: query('SELECT * FROM rewards WHERE account_id = :accountId AND id = :id'),
  list: query('SELECT * FROM rewards WHERE account_id = :accountId AND deleted_at IS NULL ORDER BY created_at, id'),
  insert: query(`INSERT INTO rewards (id, account_id, name, kind, points_cost, amount_minor, currency, percentage, product_external_id,
      minimum_order_minor, limit_per_customer, tier_ids, code_valid_days, active, created_at, updated_at, deleted_at)
    VALUES (:id, :accountId, :name, :kind, :pointsCost, :amountMinor, :currency, :percentage, :productExternalId, :minimumOrderMinor,
      :limitPerCustomer, :tierIds, :codeValidDays, :active, :createdAt, :updatedAt, :deletedAt)`),
};

export function rewardsRepo(x: Executor): RewardsRepo {
  return {
    async get(accountId, id) {
      const r = await x.get<RewardRow>(rewardQ.get, { accountId, id });
      return r && toReward(r);
    },
    async list(accountId) {
      return (await x.all<RewardRow>(rewardQ.list, { accountId })).map(toReward);
    },
    async insert(reward) {
      await x.run(rewardQ.insert, rewardBindable(reward));
    },
    async update(accountId, id, patch) {
      const statement = updateReward(patch);
      if (statement) await x.run(statement, { ...rewardBindable(patch), accountId, id });
    },
  };
}

type RedemptionRow = RowOf<Redemption, { reward: string }>;
const toRedemption = (r: RedemptionRow): Redemption => ({
  id: r.id,
  accountId: r.account_id,
  customerId: r.customer_id,
  rewardId: r.reward_id,
  connectionId: r.connection_id,
  idempotencyKey: r.idempotency_key,
  points: r.points,
  status: r.status,
  code: r.code,
  externalId: r.external_id,
  failureReason: r.failure_reason,
  attempts: r.attempts,
  reward: JSON.parse(r.reward) as RewardSnapshot,
  createdAt: r.created_at,
  issuedAt: r.issued_at,
  expiresAt: r.expires_at,
  usedAt: r.used_at,
  usedOrderId: r.used_order_id,
  closedAt: r.closed_at,
});
const redemptionColumns: Record<string, string> = {
  rewardId: 'reward_id',
  connectionId: 'connection_id',
  idempotencyKey: 'idempotency_key',
  points: 'points',
  status: 'status',
  code: 'code',
  externalId: 'external_id',
  failureReason: 'failure_reason',
  attempts: 'attempts',
  reward: 'reward',
  createdAt: 'created_at',
  issuedAt: 'issued_at',
  expiresAt: 'expires_at',
  usedAt: 'used_at',
  usedOrderId: 'used_order_id',
  closedAt: 'closed_at',
};
const redemptionBindable = (r: Partial<Redemption>) => ({ ...r, ...(r.reward ? { reward: JSON.stringify(r.reward) } : {}) });

const transition = patchUpdater('redemptions', redemptionColumns, 'id = :id AND status = :fromStatus AND attempts = :fromAttempts');
const redemptionQ = {
  get: query('SELECT * FROM redemptions WHERE account_id = :accountId AND id = :id'),
  byKey: query('SELECT * FROM redemptions WHERE customer_id = :customerId AND idempotency_key = :key'),
  byCode: query('SELECT * FROM redemptions WHERE account_id = :accountId AND code = :code'),
  ofCustomer: query('SELECT * FROM redemptions WHERE customer_id = :customerId ORDER BY created_at DESC, id DESC'),
  count: query(
    `SELECT count(*) AS n FROM redemptions WHERE customer_id = :customerId AND reward_id = :rewardId AND status NOT IN ('failed', 'cancelled')`,
  ),
  insert: query(`INSERT INTO redemptions (id, account_id, customer_id, reward_id, connection_id, idempotency_key, points, status, code,
      external_id, failure_reason, attempts, reward, created_at, issued_at, expires_at, used_at, used_order_id, closed_at)
    VALUES (:id, :accountId, :customerId, :rewardId, :connectionId, :idempotencyKey, :points, :status, :code, :externalId, :failureReason,
      :attempts, :reward, :createdAt, :issuedAt, :expiresAt, :usedAt, :usedOrderId, :closedAt)`),
  stale: query(`SELECT * FROM redemptions WHERE status = 'pending' AND created_at < :before ORDER BY created_at LIMIT :limit`),
  // Served by the (status, expires_at) index.
  expired: query(
    `SELECT * FROM redemptions WHERE status = 'issued' AND expires_at IS NOT NULL AND expires_at <= :now ORDER BY expires_at LIMIT :limit`,
  ),
};

export function redemptionsRepo(x: Executor): RedemptionsRepo {
  const one = (r: RedemptionRow | undefined) => (r ? toRedemption(r) : undefined);
  const many = (rows: RedemptionRow[]) => rows.map(toRedemption);
  return {
    async get(accountId, id) {
      return one(await x.get(redemptionQ.get, { accountId, id }));
    },
    async byKey(customerId, key) {
      return one(await x.get(redemptionQ.byKey, { customerId, key }));
    },
    async byCode(accountId, code) {
      return one(await x.get(redemptionQ.byCode, { accountId, code }));
    },
    async ofCustomer(customerId) {
      return many(await x.all(redemptionQ.ofCustomer, { customerId }));
    },
    async countTowardsLimit(customerId, rewardId) {
      return (await x.get<{ n: number }>(redemptionQ.count, { customerId, rewardId }))!.n;
    },
    async insert(redemption) {
      await x.run(redemptionQ.insert, redemptionBindable(redemption));
    },
    async transition(id, from, patch) {
      const statement = transition(patch);
      return statement
        ? (await x.run(statement, { ...redemptionBindable(patch), id, fromStatus: from.status, fromAttempts: from.attempts })) > 0
        : false;
    },
    async stalePending(before, limit) {
      return many(await x.all(redemptionQ.stale, { before, limit }));
    },
    async expiredIssued(now, limit) {
      return many(await x.all(redemptionQ.expired, { now, limit }));
    },
  };
}
