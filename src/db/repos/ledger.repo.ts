import type { LedgerEntry, LedgerRepo, SourceTotals } from '../../crm/loyalty/loyalty.port.ts';
import type { Db } from '../client.ts';
import type { RowOf } from './prepared.ts';

// The points ledger. Rows are only ever inserted; balances are sums over the covering index
// points_ledger_customer, so a lookup stays one index range scan however long the ledger grows.

const SPENDING = `('redemption', 'redemption_return', 'expiry')`;

type Row = RowOf<LedgerEntry>;

function toEntry(r: Row): LedgerEntry {
  return {
    id: r.id, accountId: r.account_id, customerId: r.customer_id, reason: r.reason, state: r.state, points: r.points,
    pendingDelta: r.pending_delta, availableDelta: r.available_delta, forgiven: r.forgiven, sourceType: r.source_type,
    sourceId: r.source_id, programVersion: r.program_version, note: r.note, actor: r.actor, dedupeKey: r.dedupe_key,
    occurredAt: r.occurred_at, createdAt: r.created_at,
  };
}

export function ledgerRepo(db: Db): LedgerRepo {
  const s = db.$client;
  const q = {
    insert: s.prepare(`INSERT INTO points_ledger (account_id, customer_id, reason, state, points, pending_delta, available_delta, forgiven,
        source_type, source_id, program_version, note, actor, dedupe_key, occurred_at, created_at)
      VALUES (@accountId, @customerId, @reason, @state, @points, @pendingDelta, @availableDelta, @forgiven,
        @sourceType, @sourceId, @programVersion, @note, @actor, @dedupeKey, @occurredAt, @createdAt)
      ON CONFLICT (account_id, dedupe_key) DO NOTHING`),
    balance: s.prepare(`SELECT coalesce(sum(available_delta), 0) AS available, coalesce(sum(pending_delta), 0) AS pending,
        coalesce(sum(CASE WHEN reason NOT IN ${SPENDING} THEN available_delta ELSE 0 END), 0) AS lifetimeEarned
      FROM points_ledger WHERE customer_id = ?`),
    source: s.prepare(`SELECT coalesce(sum(pending_delta), 0) AS pending, coalesce(sum(available_delta), 0) AS available,
        coalesce(sum(forgiven), 0) AS forgiven, count(*) AS entries
      FROM points_ledger WHERE account_id = @accountId AND source_type = @sourceType AND source_id = @sourceId AND customer_id = @customerId`),
    holders: s.prepare(`SELECT DISTINCT customer_id AS id FROM points_ledger WHERE account_id = ? AND source_type = ? AND source_id = ?`),
    held: s.prepare(`SELECT source_id AS id FROM points_ledger WHERE account_id = ? AND customer_id = ? AND source_type = ?
      GROUP BY source_id HAVING sum(pending_delta) != 0 OR sum(available_delta) - sum(forgiven) != 0`),
    page: s.prepare(`SELECT * FROM points_ledger WHERE customer_id = @customerId AND id < @beforeId ORDER BY id DESC LIMIT @limit`),
    // Tier entry bonuses do not count towards qualifying: a bonus must not lift a member into the next tier.
    earned: s.prepare(`SELECT coalesce(sum(available_delta), 0) AS n FROM points_ledger
      WHERE customer_id = @customerId AND reason NOT IN ${SPENDING} AND reason != 'tier_bonus' AND occurred_at >= @from AND occurred_at < @to`),
    credits: s.prepare(`SELECT occurred_at AS occurredAt, available_delta AS points FROM points_ledger
      WHERE customer_id = ? AND available_delta > 0 ORDER BY occurred_at, id`),
    debited: s.prepare(`SELECT coalesce(-sum(available_delta), 0) AS n FROM points_ledger WHERE customer_id = ? AND available_delta < 0`),
    countReason: s.prepare(`SELECT count(*) AS n FROM points_ledger WHERE customer_id = ? AND reason = ?`),
    byReason: s.prepare(`SELECT * FROM points_ledger WHERE customer_id = ? AND reason = ? ORDER BY id`),
  };
  return {
    async append(entry) {
      return q.insert.run(entry).changes > 0;
    },
    async balance(customerId) {
      return q.balance.get(customerId) as { available: number; pending: number; lifetimeEarned: number };
    },
    async sourceTotals(accountId, customerId, sourceType, sourceId) {
      return q.source.get({ accountId, customerId, sourceType, sourceId }) as SourceTotals;
    },
    async holdersOf(accountId, sourceType, sourceId) {
      return (q.holders.all(accountId, sourceType, sourceId) as Array<{ id: string }>).map((r) => r.id);
    },
    async sourcesHeld(accountId, customerId, sourceType) {
      return (q.held.all(accountId, customerId, sourceType) as Array<{ id: string }>).map((r) => r.id);
    },
    async page(customerId, { beforeId, limit }) {
      return (q.page.all({ customerId, beforeId: beforeId ?? Number.MAX_SAFE_INTEGER, limit }) as Row[]).map(toEntry);
    },
    async earnedBetween(customerId, from, to) {
      return (q.earned.get({ customerId, from: from ?? '', to }) as { n: number }).n;
    },
    async countReason(customerId, reason) {
      return (q.countReason.get(customerId, reason) as { n: number }).n;
    },
    async byReason(customerId, reason) {
      return (q.byReason.all(customerId, reason) as Row[]).map(toEntry);
    },
    async availableFlows(customerId) {
      const credits = q.credits.all(customerId) as Array<{ occurredAt: string; points: number }>;
      return { credits, debited: (q.debited.get(customerId) as { n: number }).n };
    },
  };
}
