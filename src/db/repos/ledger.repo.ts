import type { LedgerEntry, LedgerRepo, SourceTotals } from '../../crm/loyalty/loyalty.port.ts';
import { query, type Executor } from '../sql/executor.ts';
import type { RowOf } from './prepared.ts';

// The points ledger. Rows are only ever inserted; balances are sums over the covering index
// points_ledger_customer, so a lookup stays one index range scan however long the ledger grows.

const SPENDING = `('redemption', 'redemption_return', 'expiry')`;
/** Before every instant we store: an open window's start, comparable as text and as timestamptz. */
const BEGINNING = '0001-01-01T00:00:00.000Z';

type Row = RowOf<LedgerEntry>;

function toEntry(r: Row): LedgerEntry {
  return {
    id: r.id,
    accountId: r.account_id,
    customerId: r.customer_id,
    reason: r.reason,
    state: r.state,
    points: r.points,
    pendingDelta: r.pending_delta,
    availableDelta: r.available_delta,
    forgiven: r.forgiven,
    sourceType: r.source_type,
    sourceId: r.source_id,
    programVersion: r.program_version,
    note: r.note,
    actor: r.actor,
    dedupeKey: r.dedupe_key,
    occurredAt: r.occurred_at,
    createdAt: r.created_at,
  };
}

// Aliases are quoted: PostgreSQL folds unquoted names to lower case.
const q = {
  insert: query(`INSERT INTO points_ledger (account_id, customer_id, reason, state, points, pending_delta, available_delta, forgiven,
      source_type, source_id, program_version, note, actor, dedupe_key, occurred_at, created_at)
    VALUES (:accountId, :customerId, :reason, :state, :points, :pendingDelta, :availableDelta, :forgiven,
      :sourceType, :sourceId, :programVersion, :note, :actor, :dedupeKey, :occurredAt, :createdAt)
    ON CONFLICT (account_id, dedupe_key) DO NOTHING`),
  balance: query(`SELECT coalesce(sum(available_delta), 0) AS available, coalesce(sum(pending_delta), 0) AS pending,
      coalesce(sum(CASE WHEN reason NOT IN ${SPENDING} THEN available_delta ELSE 0 END), 0) AS "lifetimeEarned"
    FROM points_ledger WHERE customer_id = :customerId`),
  source: query(`SELECT coalesce(sum(pending_delta), 0) AS pending, coalesce(sum(available_delta), 0) AS available,
      coalesce(sum(forgiven), 0) AS forgiven, count(*) AS entries
    FROM points_ledger WHERE account_id = :accountId AND source_type = :sourceType AND source_id = :sourceId AND customer_id = :customerId`),
  holders: query(
    `SELECT DISTINCT customer_id AS id FROM points_ledger WHERE account_id = :accountId AND source_type = :sourceType AND source_id = :sourceId`,
  ),
  held: query(`SELECT source_id AS id FROM points_ledger WHERE account_id = :accountId AND customer_id = :customerId AND source_type = :sourceType
    GROUP BY source_id HAVING sum(pending_delta) != 0 OR sum(available_delta) - sum(forgiven) != 0`),
  page: query(`SELECT * FROM points_ledger WHERE customer_id = :customerId AND id < :beforeId ORDER BY id DESC LIMIT :limit`),
  // Tier entry bonuses do not count towards qualifying: a bonus must not lift a member into the next tier.
  earned: query(`SELECT coalesce(sum(available_delta), 0) AS n FROM points_ledger
    WHERE customer_id = :customerId AND reason NOT IN ${SPENDING} AND reason != 'tier_bonus' AND occurred_at >= :from AND occurred_at < :to`),
  credits: query(`SELECT occurred_at AS "occurredAt", available_delta AS points FROM points_ledger
    WHERE customer_id = :customerId AND available_delta > 0 ORDER BY occurred_at, id`),
  debited: query(
    `SELECT coalesce(-sum(available_delta), 0) AS n FROM points_ledger WHERE customer_id = :customerId AND available_delta < 0`,
  ),
  countReason: query(`SELECT count(*) AS n FROM points_ledger WHERE customer_id = :customerId AND reason = :reason`),
  byReason: query(`SELECT * FROM points_ledger WHERE customer_id = :customerId AND reason = :reason ORDER BY id`),
};

export function ledgerRepo(x: Executor): LedgerRepo {
  return {
    append: (entry) => x.runAs(q.insert, entry, (n) => n > 0),
    balance: (customerId) =>
      x.getAs(q.balance, { customerId }, (r: { available: number; pending: number; lifetimeEarned: number } | undefined) => r!),
    sourceTotals: (accountId, customerId, sourceType, sourceId) =>
      x.getAs(q.source, { accountId, customerId, sourceType, sourceId }, (r: SourceTotals | undefined) => r!),
    async holdersOf(accountId, sourceType, sourceId) {
      return (await x.all<{ id: string }>(q.holders, { accountId, sourceType, sourceId })).map((r) => r.id);
    },
    async sourcesHeld(accountId, customerId, sourceType) {
      return (await x.all<{ id: string }>(q.held, { accountId, customerId, sourceType })).map((r) => r.id);
    },
    async page(customerId, { beforeId, limit }) {
      return (await x.all<Row>(q.page, { customerId, beforeId: beforeId ?? Number.MAX_SAFE_INTEGER, limit })).map(toEntry);
    },
    async earnedBetween(customerId, from, to) {
      return (await x.get<{ n: number }>(q.earned, { customerId, from: from ?? BEGINNING, to }))!.n;
    },
    async countReason(customerId, reason) {
      return (await x.get<{ n: number }>(q.countReason, { customerId, reason }))!.n;
    },
    async byReason(customerId, reason) {
      return (await x.all<Row>(q.byReason, { customerId, reason })).map(toEntry);
    },
    async availableFlows(customerId) {
      const credits = await x.all<{ occurredAt: string; points: number }>(q.credits, { customerId });
      return { credits, debited: (await x.get<{ n: number }>(q.debited, { customerId }))!.n };
    },
  };
}
