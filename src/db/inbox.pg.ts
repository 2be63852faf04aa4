import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import type pg from 'pg';
import type { Delivery, InboxCounts, InboxItem, InboxQueue, InboxRow, InboxStatus } from '../inbox/inbox.port.ts';
import type { Logger } from '../lib/logger.ts';
import { insideUnitOfWork } from '../lib/unit-of-work.guard.ts';
import { groupAccept, INBOX_CHANNEL, type GroupAcceptOptions } from './inbox-accept.pg.ts';
import type { PgDatabase } from './sql/database.ts';
import { query, queryCache } from './sql/executor.ts';

// The webhook inbox on PostgreSQL, shared by every web and worker process (issue #15). The
// design (claims per account, leases, locks, why) is db/README.md's "Shared inbox on PostgreSQL".
//
// - accept: deliveries grouped into one statement each (dedupe keys, deliveries, pg_notify) while
//   earlier ones are in flight (./inbox-accept.pg.ts), resolved after its commit (ack-after-commit);
//   a key already seen (any process) inserts nothing.
// - due: claims the due deliveries of accounts no other worker holds, oldest first, with a lease.
// - hold: inside the worker's batch, before a delivery is processed: takes the account's
//   transaction-level advisory lock and checks the delivery is still ours.
// - complete / fail: savepoints of the worker's batch (same connection as the delivery's effects),
//   and only for a delivery this worker still holds.

export type PgInboxOptions = {
  /** How long a claim lasts without renewal; a dead worker's deliveries are claimed again after it. Default 30 s. */
  leaseMs?: number;
  /** Names this worker in `claimed_by` (default host:pid:random). */
  workerId?: string;
  /** Accounts considered per claim (each one's due deliveries, oldest first, up to the limit). Default 50. */
  accountsPerClaim?: number;
  /** Wait before listening again after the listening connection failed. Default 1 s. */
  relistenMs?: number;
  logger?: Pick<Logger, 'warn'>;
  /** Group commit of acks (./inbox-accept.pg.ts). */
  accept?: GroupAcceptOptions;
};

export { INBOX_CHANNEL };

/** First key of the per-account advisory locks ('Rapp'); the second is hashtext(account_id). */
const ACCOUNT_LOCK = 1382117488;

const ITEM_COLUMNS = `id, account_id AS "accountId", connection_id AS "connectionId", platform, topic,
  dedupe_key AS "dedupeKey", body, triggered_at AS "triggeredAt", received_at AS "receivedAt", attempts`;
const ROW_COLUMNS = `${ITEM_COLUMNS}, status, last_error AS "lastError", processed_at AS "processedAt",
  next_attempt_at AS "nextAttemptAt"`;

/** Pending, due at :now, and claimable by :me (unclaimed, ours, or its lease expired). */
const CLAIMABLE = `d.status = 'pending' AND (d.next_attempt_at IS NULL OR d.next_attempt_at <= :now)
  AND (d.claimed_by IS NULL OR d.claimed_by = :me OR d.claim_expires_at <= now())`;
/** No other worker holds a live lease on a pending delivery of d's account. */
const ACCOUNT_FREE = `NOT EXISTS (SELECT 1 FROM webhook_inbox h WHERE h.account_id = d.account_id AND h.status = 'pending'
  AND h.claimed_by <> :me AND h.claim_expires_at > now())`;
const LEASE = `now() + CAST(:leaseMs AS integer) * interval '1 millisecond'`;

const SQL = {
  unknownShop: query(`INSERT INTO shopify_unknown_shop_deliveries (shop_domain, topic, webhook_id, received_at)
    VALUES (:shopDomain, :topic, :webhookId, :receivedAt) ON CONFLICT (shop_domain, webhook_id) DO NOTHING`),
  // Claim, first statement: accounts with claimable deliveries and no other live lease, oldest
  // first, each locked (transaction-level, try: never waits) unless another claim or a batch
  // applying that account holds it, until :accounts are locked. The outer LIMIT pulls rows one at
  // a time, so the lock is tried only on the accounts it reaches (two claims at once share them out).
  claimAccounts: query(`SELECT a.account_id AS "accountId" FROM (
      SELECT d.account_id, min(d.id) AS first FROM webhook_inbox d
      WHERE ${CLAIMABLE} AND ${ACCOUNT_FREE}
      GROUP BY d.account_id ORDER BY first
    ) a
    WHERE pg_try_advisory_xact_lock(${ACCOUNT_LOCK}, hashtext(a.account_id))
    LIMIT :accounts`),
  // Second statement (a fresh snapshot, taken after the locks: it sees every claim committed
  // before them): the same conditions again, then the deliveries, oldest first, with a lease.
  claim: query(`WITH picked AS (
      SELECT d.id FROM webhook_inbox d
      WHERE d.account_id = ANY(:accounts) AND ${CLAIMABLE} AND ${ACCOUNT_FREE}
      ORDER BY d.id LIMIT :limit
      FOR UPDATE OF d SKIP LOCKED
    )
    UPDATE webhook_inbox w SET claimed_by = :me, claim_expires_at = ${LEASE}
    FROM picked WHERE w.id = picked.id
    RETURNING w.id, w.account_id AS "accountId", w.connection_id AS "connectionId", w.platform, w.topic,
      w.dedupe_key AS "dedupeKey", w.body, w.triggered_at AS "triggeredAt", w.received_at AS "receivedAt", w.attempts`),
  lockAccount: query(`SELECT pg_try_advisory_xact_lock(${ACCOUNT_LOCK}, hashtext(:accountId)) AS locked`),
  holder: query(`SELECT claimed_by AS "claimedBy" FROM webhook_inbox WHERE id = :id AND status = 'pending'`),
  renew: query(`UPDATE webhook_inbox SET claim_expires_at = ${LEASE}
    WHERE id = ANY(:ids) AND claimed_by = :me AND status = 'pending'`),
  complete: query(`UPDATE webhook_inbox SET status = :status, processed_at = :at, last_error = NULL, next_attempt_at = NULL,
      claimed_by = NULL, claim_expires_at = NULL
    WHERE id = :id AND claimed_by = :me`),
  fail: query(`UPDATE webhook_inbox SET status = :status, attempts = attempts + 1, last_error = :error,
      next_attempt_at = :retryAt, processed_at = :processedAt, claimed_by = NULL, claim_expires_at = NULL
    WHERE id = :id AND claimed_by = :me`),
  countsOfAccount: query(`SELECT status, n FROM webhook_inbox_counts WHERE account_id = :accountId`),
  countsOfAll: query(`SELECT status, CAST(sum(n) AS bigint) AS n FROM webhook_inbox_counts GROUP BY status`),
  oldestOfAccount: query(
    `SELECT received_at AS "receivedAt" FROM webhook_inbox WHERE account_id = :accountId AND status = 'pending' ORDER BY id LIMIT 1`,
  ),
  oldestOfAll: query(`SELECT received_at AS "receivedAt" FROM webhook_inbox WHERE status = 'pending' ORDER BY id LIMIT 1`),
  // Retention: the accounts among the next expired rows (index range on (status, processed_at)),
  // then one statement per account, so a purge statement only ever locks one account's count row.
  expiredAccounts: query(`SELECT DISTINCT account_id AS "accountId" FROM (
      SELECT account_id FROM webhook_inbox WHERE status = :status AND processed_at < :before ORDER BY processed_at LIMIT :limit
    ) e ORDER BY 1`),
  purgeAccount: query(`DELETE FROM webhook_inbox WHERE id IN (SELECT id FROM webhook_inbox
      WHERE account_id = :accountId AND status = :status AND processed_at < :before ORDER BY processed_at LIMIT :limit)`),
  purgeKeys: query(`DELETE FROM webhook_dedupe WHERE (connection_id, dedupe_key) IN
      (SELECT connection_id, dedupe_key FROM webhook_dedupe WHERE received_at < :before LIMIT :limit)`),
} as const;

const filtered = queryCache();

export type PgInbox = InboxQueue & {
  /** This process's name in `claimed_by`. */
  readonly workerId: string;
  hold(item: InboxItem): Promise<boolean>;
};

/**
 * The inbox on PostgreSQL. `database` must be the one the worker's CRM store runs on: complete,
 * fail and hold are units of work, savepoints of the worker's batch on the batch's connection.
 */
export function createPgInbox(database: PgDatabase, options: PgInboxOptions = {}): PgInbox {
  const leaseMs = options.leaseMs ?? 30_000;
  const me = options.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  const accountsPerClaim = options.accountsPerClaim ?? 50;
  const x = database.x;
  const acceptGrouped = groupAccept(x, options.accept);

  // The deliveries of the last claim not yet completed: renewed together every third of a lease
  // while the worker makes progress, so a long batch keeps its lease (and a dead worker's lapses).
  let held = new Set<number>();
  let renewedAt = 0;

  const subscribers = new Set<() => void>();
  const notifyAll = () => {
    for (const s of subscribers) s();
  };
  const listening = listener(database.pool, notifyAll, options);

  return {
    workerId: me,
    async accept(d: Delivery, receivedAt: string): Promise<boolean> {
      // On another connection it would commit on its own, whatever the open unit then does.
      if (insideUnitOfWork()) throw new Error('inbox.accept called inside an open transaction');
      if (!(await acceptGrouped(d, receivedAt))) return false;
      notifyAll(); // a worker in this process at once; the others through NOTIFY
      return true;
    },
    async acceptUnknownShop(d, receivedAt) {
      if (insideUnitOfWork()) throw new Error('inbox.acceptUnknownShop called inside an open transaction');
      return (await x.run(SQL.unknownShop, { ...d, receivedAt })) > 0;
    },
    async due(limit, now) {
      const items = await database.transaction(async (tx) => {
        const accounts = (await tx.all<{ accountId: string }>(SQL.claimAccounts, { now, me, accounts: accountsPerClaim })).map(
          (r) => r.accountId,
        );
        if (accounts.length === 0) return [];
        return tx.all<InboxItem>(SQL.claim, { accounts, now, me, limit, leaseMs });
      });
      items.sort((a, b) => a.id - b.id);
      held = new Set(items.map((i) => i.id));
      renewedAt = Date.now();
      return items;
    },
    hold(item) {
      return database.transaction(async (tx, unit) => {
        const lock = await tx.get<{ locked: boolean }>(SQL.lockAccount, { accountId: item.accountId });
        // Another worker is applying this account's deliveries right now (it took some over):
        // skip; the delivery is claimed again later, by us or by it.
        if (!lock?.locked) return false;
        // A new statement, so a new snapshot: every claim committed before we got the lock is seen.
        const row = await tx.get<{ claimedBy: string | null }>(SQL.holder, { id: item.id });
        if (row?.claimedBy !== me) {
          held.delete(item.id);
          return false;
        }
        const startedAt = Date.now();
        if (startedAt - renewedAt > leaseMs / 3 && held.size > 0) {
          await tx.run(SQL.renew, { ids: [...held], me, leaseMs });
          unit.afterCommit(() => {
            renewedAt = startedAt;
          });
        }
        return true;
      });
    },
    complete(id, status, at) {
      held.delete(id);
      return database.transaction(async (tx) => {
        await tx.run(SQL.complete, { id, status, at, me });
      });
    },
    fail(id, error, retryAt, at) {
      held.delete(id);
      return database.transaction(async (tx) => {
        await tx.run(SQL.fail, {
          id,
          me,
          status: retryAt ? 'pending' : 'dead',
          error: error.slice(0, 1000),
          retryAt,
          processedAt: retryAt ? null : at,
        });
      });
    },
    async requeue(filter, _at) {
      const statuses = filter.includeDone ? ['dead', 'done', 'ignored'] : ['dead'];
      const where = ['status = ANY(:statuses)'];
      if (filter.accountId) where.push('account_id = :accountId');
      if (filter.ids) where.push('id = ANY(:ids)');
      const q = filtered(`UPDATE webhook_inbox SET status = 'pending', next_attempt_at = NULL, attempts = 0, last_error = NULL,
        claimed_by = NULL, claim_expires_at = NULL WHERE ${where.join(' AND ')}`);
      // A unit of work: run again if it deadlocks with a worker on the count rows of several accounts.
      return database.transaction((tx) => tx.run(q, { statuses, accountId: filter.accountId, ids: filter.ids }));
    },
    async list(filter) {
      const where: string[] = [];
      if (filter.accountId) where.push('account_id = :accountId');
      if (filter.status) where.push('status = :status');
      if (filter.afterId) where.push('id > :afterId');
      const q = filtered(
        `SELECT ${ROW_COLUMNS} FROM webhook_inbox ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT :limit`,
      );
      return x.all<InboxRow>(q, filter);
    },
    async counts(accountId) {
      const [rows, oldest] = await Promise.all([
        accountId
          ? x.all<{ status: InboxStatus; n: number }>(SQL.countsOfAccount, { accountId })
          : x.all<{ status: InboxStatus; n: number }>(SQL.countsOfAll),
        accountId ? x.get<{ receivedAt: string }>(SQL.oldestOfAccount, { accountId }) : x.get<{ receivedAt: string }>(SQL.oldestOfAll),
      ]);
      const counts: InboxCounts = { pending: 0, done: 0, ignored: 0, dead: 0, oldestPendingAt: oldest?.receivedAt ?? null };
      for (const r of rows) counts[r.status] = r.n;
      return counts;
    },
    async purge(cutoffs, limit) {
      // Never inside another unit of work (its statements would not be part of it); the next run catches up.
      if (insideUnitOfWork()) return 0;
      let total = 0;
      for (const [status, before] of [
        ['done', cutoffs.processedBefore],
        ['ignored', cutoffs.processedBefore],
        ['dead', cutoffs.deadBefore],
      ] as const) {
        let budget = limit;
        const accounts = await x.all<{ accountId: string }>(SQL.expiredAccounts, { status, before, limit });
        for (const { accountId } of accounts) {
          if (budget <= 0) break;
          const n = await x.run(SQL.purgeAccount, { accountId, status, before, limit: budget });
          budget -= n;
          total += n;
        }
      }
      return total + (await x.run(SQL.purgeKeys, { before: cutoffs.keysBefore, limit }));
    },
    onAccepted(subscriber) {
      subscribers.add(subscriber);
      listening.retain();
      return () => {
        if (subscribers.delete(subscriber)) listening.release();
      };
    },
  };
}

/**
 * LISTEN on a connection of its own, checked out of the pool while anyone subscribes (the web
 * role never does, so it holds none). A lost connection is destroyed and replaced after
 * `relistenMs`; subscribers are woken once listening (anything missed meanwhile is found by that
 * pass, or by the worker's poll, the fallback).
 */
function listener(pool: pg.Pool, notify: () => void, options: PgInboxOptions) {
  const relistenMs = options.relistenMs ?? 1_000;
  let users = 0;
  let session: { stop: () => void } | undefined;

  function start() {
    let stopped = false;
    let client: pg.PoolClient | undefined;
    let dropped: () => void = () => undefined;
    const stop = () => {
      stopped = true;
      dropped();
    };
    void (async () => {
      // A pool that is ending (the process shuts down) is not asked again.
      while (!stopped && !pool.ending) {
        try {
          client = await pool.connect();
          const c = client;
          const lost = new Promise<void>((resolve) => {
            dropped = resolve;
            c.on('error', (err) => {
              options.logger?.warn({ err: err.message }, 'inbox: listening connection lost');
              resolve();
            });
            c.on('end', () => resolve());
          });
          c.on('notification', (m) => {
            if (m.channel === INBOX_CHANNEL) notify();
          });
          if (!stopped) {
            await c.query(`LISTEN ${INBOX_CHANNEL}`);
            notify();
            await lost;
          }
        } catch (err) {
          if (!stopped && !pool.ending)
            options.logger?.warn({ err: (err as Error).message }, 'inbox: cannot listen for deliveries; polling');
        } finally {
          // Never back into the pool: it is LISTENing (or broken).
          client?.release(true);
          client = undefined;
        }
        if (!stopped) await new Promise((r) => setTimeout(r, relistenMs).unref());
      }
    })();
    return { stop };
  }

  return {
    retain() {
      if (users++ === 0) session = start();
    },
    release() {
      if (--users === 0) {
        session?.stop();
        session = undefined;
      }
    },
  };
}
