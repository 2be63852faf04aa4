import { and, asc, eq, gt, inArray, isNull, lte, or, sql } from 'drizzle-orm';
import type { Delivery, InboxCounts, InboxItem, InboxQueue, InboxRow, InboxStatus } from '../inbox/inbox.port.ts';
import { insideUnitOfWork } from '../lib/unit-of-work.guard.ts';
import { ensureInboxCounters } from './inbox-counts.sqlite.ts';
import type { Db } from './client.ts';
import { webhookInbox } from './schema/index.ts';

// Health and the panel ask for these on every poll: each is a primary-key or index search (never
// a count over the inbox, which grows for ever); test/integration/inbox-counts.test.ts checks the plans.
const COUNTS_SQL = {
  countsOfAccount: `SELECT status, n FROM webhook_inbox_counts WHERE account_id = ?`,
  // One row per account and status: a few rows per tenant, not per delivery.
  countsOfAll: `SELECT status, sum(n) AS n FROM webhook_inbox_counts GROUP BY status`,
  oldestOfAccount: `SELECT received_at AS receivedAt FROM webhook_inbox WHERE account_id = ? AND status = 'pending' ORDER BY id LIMIT 1`,
  oldestOfAll: `SELECT received_at AS receivedAt FROM webhook_inbox WHERE status = 'pending' ORDER BY id LIMIT 1`,
} as const;

export function createSqliteInbox(db: Db): InboxQueue {
  const sqlite = db.$client;
  ensureInboxCounters(sqlite);
  const countsOfAccount = sqlite.prepare(COUNTS_SQL.countsOfAccount);
  const countsOfAll = sqlite.prepare(COUNTS_SQL.countsOfAll);
  const oldestOfAccount = sqlite.prepare(COUNTS_SQL.oldestOfAccount);
  const oldestOfAll = sqlite.prepare(COUNTS_SQL.oldestOfAll);
  const listeners: Array<() => void> = [];
  // Prepared once: these run on every webhook, before the 2xx, in one transaction: the key is
  // claimed first (a duplicate stops there), then the delivery is stored.
  const claim = sqlite.prepare(`INSERT INTO webhook_dedupe (connection_id, dedupe_key, received_at) VALUES (?, ?, ?)
    ON CONFLICT (connection_id, dedupe_key) DO NOTHING`);
  const insert = sqlite.prepare(`INSERT INTO webhook_inbox
    (account_id, connection_id, platform, topic, dedupe_key, body, triggered_at, received_at, status, attempts)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending', 0)`);
  const acceptTx = sqlite.transaction((d: Delivery, receivedAt: string): boolean => {
    if (claim.run(d.connectionId, d.dedupeKey, receivedAt).changes === 0) return false;
    insert.run(d.accountId, d.connectionId, d.platform, d.topic, d.dedupeKey, d.body, d.triggeredAt, receivedAt);
    return true;
  });
  const unknownShop = sqlite.prepare(`INSERT INTO shopify_unknown_shop_deliveries (shop_domain, topic, webhook_id, received_at)
    VALUES (?, ?, ?, ?) ON CONFLICT (shop_domain, webhook_id) DO NOTHING`);
  // Retention: a few hundred rows per statement, found through indexes (status, processed_at)
  // and (received_at), so each statement is short and never scans.
  const purgeProcessed = sqlite.prepare(`DELETE FROM webhook_inbox WHERE id IN
    (SELECT id FROM webhook_inbox WHERE status = ? AND processed_at < ? LIMIT ?)`);
  const purgeKeys = sqlite.prepare(`DELETE FROM webhook_dedupe WHERE rowid IN
    (SELECT rowid FROM webhook_dedupe WHERE received_at < ? LIMIT ?)`);

  const complete = sqlite.prepare(
    `UPDATE webhook_inbox SET status = ?, processed_at = ?, last_error = NULL, next_attempt_at = NULL WHERE id = ?`,
  );

  return {
    // Committed before the promise resolves: the intake acknowledges after it (ack-after-commit).
    async accept(d: Delivery, receivedAt: string): Promise<boolean> {
      if (sqlite.inTransaction) await outsideOpenUnit(sqlite, 'inbox.accept');
      const accepted = acceptTx(d, receivedAt);
      if (accepted) for (const l of listeners) l();
      return accepted;
    },
    async acceptUnknownShop(d, receivedAt) {
      if (sqlite.inTransaction) await outsideOpenUnit(sqlite, 'inbox.acceptUnknownShop');
      return unknownShop.run(d.shopDomain, d.topic, d.webhookId, receivedAt).changes > 0;
    },
    async due(limit, now) {
      return db
        .select()
        .from(webhookInbox)
        .where(and(eq(webhookInbox.status, 'pending'), or(isNull(webhookInbox.nextAttemptAt), lte(webhookInbox.nextAttemptAt, now))))
        .orderBy(asc(webhookInbox.id))
        .limit(limit)
        .all() as InboxItem[];
    },
    async complete(id, status, at) {
      complete.run(status, at, id);
    },
    async fail(id, error, retryAt, at) {
      db.update(webhookInbox)
        .set({
          status: retryAt ? 'pending' : 'dead',
          attempts: sql`${webhookInbox.attempts} + 1`,
          lastError: error.slice(0, 1000),
          nextAttemptAt: retryAt,
          processedAt: retryAt ? null : at,
        })
        .where(eq(webhookInbox.id, id))
        .run();
    },
    async requeue(filter, _at) {
      const statuses: Array<'dead' | 'done' | 'ignored'> = filter.includeDone ? ['dead', 'done', 'ignored'] : ['dead'];
      return db
        .update(webhookInbox)
        .set({ status: 'pending', nextAttemptAt: null, attempts: 0, lastError: null })
        .where(
          and(
            inArray(webhookInbox.status, statuses),
            filter.accountId ? eq(webhookInbox.accountId, filter.accountId) : undefined,
            filter.ids ? inArray(webhookInbox.id, filter.ids) : undefined,
          ),
        )
        .run().changes;
    },
    async list(filter) {
      return db
        .select()
        .from(webhookInbox)
        .where(
          and(
            filter.accountId ? eq(webhookInbox.accountId, filter.accountId) : undefined,
            filter.status ? eq(webhookInbox.status, filter.status) : undefined,
            filter.afterId ? gt(webhookInbox.id, filter.afterId) : undefined,
          ),
        )
        .orderBy(asc(webhookInbox.id))
        .limit(filter.limit)
        .all() as InboxRow[];
    },
    async counts(accountId) {
      const rows = (accountId ? countsOfAccount.all(accountId) : countsOfAll.all()) as Array<{ status: InboxStatus; n: number }>;
      const oldest = (accountId ? oldestOfAccount.get(accountId) : oldestOfAll.get()) as { receivedAt: string } | undefined;
      const counts: InboxCounts = { pending: 0, done: 0, ignored: 0, dead: 0, oldestPendingAt: oldest?.receivedAt ?? null };
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },
    async purge(cutoffs, limit) {
      // Never inside another unit of work (it would commit or roll back with it); the next run catches up.
      if (sqlite.inTransaction) return 0;
      return (
        purgeProcessed.run('done', cutoffs.processedBefore, limit).changes +
        purgeProcessed.run('ignored', cutoffs.processedBefore, limit).changes +
        purgeProcessed.run('dead', cutoffs.deadBefore, limit).changes +
        purgeKeys.run(cutoffs.keysBefore, limit).changes
      );
    },
    onAccepted(listener) {
      listeners.push(listener);
      return () => {
        const i = listeners.indexOf(listener);
        if (i >= 0) listeners.splice(i, 1);
      };
    },
  };
}

/**
 * A delivery written inside another unit of work would commit or roll back with it. Called from
 * one, that is a bug; called while another is open on the shared connection (the worker's, woken
 * in the same run of promise callbacks), it waits for that unit's commit, which comes before the
 * event loop turns. A transaction still open after a few turns is refused (the delivery is not
 * acknowledged, and the platform retries it).
 */
async function outsideOpenUnit(sqlite: Db['$client'], what: string): Promise<void> {
  for (let turns = 0; sqlite.inTransaction; turns++) {
    if (turns === 3 || insideUnitOfWork()) throw new Error(`${what} called inside an open transaction`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
