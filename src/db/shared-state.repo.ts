import { createRequire } from 'node:module';
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract, type RateLimiterStoreAbstract } from 'rate-limiter-flexible';
import { insurance, type LimiterOptions, type SharedCache, type SharedState } from '../lib/shared-state.ts';
import type { SqlDatabase } from './sql/database.ts';
import { query, type Executor } from './sql/executor.ts';

// lib/shared-state.ts's port on the database, when no Redis is configured: one implementation for
// SQLite and PostgreSQL over the executor. Rate limits are rate-limiter-flexible's own algorithm
// (fixed windows, blocks, the in-memory block and the insurance limiter) over a store of ours: the
// library's SQLite, PostgreSQL and Drizzle stores each take their own client and table, not this
// handle, and would be two implementations. Expired rows are ignored by every read and deleted
// in small batches by the expiry index (`purge`), at most once a minute per process.

// The library's store base class is exported by its CommonJS entry's file, not its index.
const StoreAbstract = createRequire(import.meta.url)(
  'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js',
) as typeof RateLimiterStoreAbstract;

type LimitRow = { points: number | string; expiresAt: string | null };

const upsertAdd = query(`INSERT INTO rate_limits (key, points, expires_at) VALUES (:key, :points, :expiresAt)
  ON CONFLICT (key) DO UPDATE SET
    points = CASE WHEN rate_limits.expires_at <= :now THEN excluded.points ELSE rate_limits.points + excluded.points END,
    expires_at = CASE WHEN rate_limits.expires_at <= :now THEN excluded.expires_at ELSE rate_limits.expires_at END
  RETURNING points, expires_at AS "expiresAt"`);
const upsertSet = query(`INSERT INTO rate_limits (key, points, expires_at) VALUES (:key, :points, :expiresAt)
  ON CONFLICT (key) DO UPDATE SET points = excluded.points, expires_at = excluded.expires_at
  RETURNING points, expires_at AS "expiresAt"`);
const getLimit = query(`SELECT points, expires_at AS "expiresAt" FROM rate_limits
  WHERE key = :key AND (expires_at IS NULL OR expires_at > :now)`);
const deleteLimit = query('DELETE FROM rate_limits WHERE key = :key');

const PURGE_BATCH = 500;
const purgeLimits = query(`DELETE FROM rate_limits WHERE key IN
  (SELECT key FROM rate_limits WHERE expires_at <= :now ORDER BY expires_at LIMIT ${PURGE_BATCH})`);
const purgeEntries = query(`DELETE FROM shared_entries WHERE key IN
  (SELECT key FROM shared_entries WHERE expires_at <= :now ORDER BY expires_at LIMIT ${PURGE_BATCH})`);

const claim = query(`INSERT INTO shared_entries (key, value, expires_at) VALUES (:key, '1', :expiresAt)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at
  WHERE shared_entries.expires_at <= :now`);
const getEntry = query('SELECT value FROM shared_entries WHERE key = :key AND expires_at > :now');
const setEntry = query(`INSERT INTO shared_entries (key, value, expires_at) VALUES (:key, :value, :expiresAt)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at`);
const deleteEntry = query('DELETE FROM shared_entries WHERE key = :key');
// Rare (a Shopify reinstall): a scan of a table the purge keeps small.
const deleteEntryPrefix = query('DELETE FROM shared_entries WHERE substr(key, 1, :length) = :prefix');

const iso = (ms: number) => new Date(ms).toISOString();

/** rate-limiter-flexible's store contract (`_upsert`, `_get`, `_delete`, `_getRateLimiterRes`) on the executor. */
class SqlRateLimiter extends StoreAbstract {
  constructor(
    options: ConstructorParameters<typeof RateLimiterStoreAbstract>[0],
    private readonly x: Executor,
    private readonly touched: () => void,
  ) {
    super(options);
  }

  async _upsert(key: string, points: number, msDuration: number, forceExpire = false): Promise<LimitRow> {
    const now = Date.now();
    const row = await this.x.get<LimitRow>(forceExpire ? upsertSet : upsertAdd, {
      key,
      points,
      expiresAt: msDuration > 0 ? iso(now + msDuration) : null,
      now: iso(now),
    });
    this.touched();
    return row!;
  }

  async _get(key: string): Promise<LimitRow | null> {
    return (await this.x.get<LimitRow>(getLimit, { key, now: iso(Date.now()) })) ?? null;
  }

  async _delete(key: string): Promise<boolean> {
    return (await this.x.run(deleteLimit, { key })) > 0;
  }

  _getRateLimiterRes(_key: string, changedPoints: number, row: LimitRow): RateLimiterRes {
    const consumed = Number(row.points);
    const msBeforeNext = row.expiresAt === null ? -1 : Math.max(Date.parse(row.expiresAt) - Date.now(), 0);
    return new RateLimiterRes(Math.max(this.points - consumed, 0), msBeforeNext, consumed, consumed === changedPoints);
  }
}

export type DatabaseSharedStateOptions = {
  logger?: { warn(obj: object, msg: string): void };
  /** How often a process purges expired rows (default a minute). */
  purgeEveryMs?: number;
};

/**
 * The shared state on the database. Hot limiters (the storefront) stay in memory on SQLite: one
 * web process per file, and a write per anonymous request would queue behind the worker's
 * transactions. On PostgreSQL they are shared (one upsert per key, a round trip), an over-budget
 * key is then blocked in this process's memory until its window ends.
 */
export function createDatabaseSharedState(database: SqlDatabase, options: DatabaseSharedStateOptions = {}): SharedState {
  const { x } = database;
  const purgeEveryMs = options.purgeEveryMs ?? 60_000;
  let lastPurge = Date.now();
  let purging: Promise<void> | undefined;

  async function purge(): Promise<void> {
    const now = iso(Date.now());
    for (const q of [purgeLimits, purgeEntries]) {
      while ((await x.run(q, { now })) >= PURGE_BATCH);
    }
  }
  /** After a write: starts a purge when the last one is older than `purgeEveryMs` (never awaited by the caller). */
  function touched(): void {
    if (purging || Date.now() - lastPurge < purgeEveryMs) return;
    lastPurge = Date.now();
    purging = purge()
      .catch((err: unknown) => options.logger?.warn({ module: 'shared-state', err: String(err) }, 'purge of expired shared state failed'))
      .finally(() => (purging = undefined));
  }

  const cache: SharedCache = {
    async get(key) {
      return (await x.get<{ value: string }>(getEntry, { key, now: iso(Date.now()) }))?.value ?? null;
    },
    async set(key, value, ttlMs) {
      await x.run(setEntry, { key, value, expiresAt: iso(Date.now() + ttlMs) });
      touched();
    },
    async delete(key) {
      await x.run(deleteEntry, { key });
    },
    async deletePrefix(prefix) {
      await x.run(deleteEntryPrefix, { prefix, length: prefix.length });
    },
  };

  return {
    kind: 'database',
    limiter(o: LimiterOptions): RateLimiterAbstract {
      if (o.hot && database.dialect === 'sqlite')
        return new RateLimiterMemory({ keyPrefix: o.keyPrefix, points: o.points, duration: o.duration });
      return new SqlRateLimiter(
        {
          storeClient: x,
          keyPrefix: o.keyPrefix,
          points: o.points,
          duration: o.duration,
          insuranceLimiter: insurance(o),
          ...(o.hot ? { inMemoryBlockOnConsumed: o.points + 1 } : {}),
        },
        x,
        touched,
      );
    },
    async claimOnce(key, ttlMs) {
      const now = Date.now();
      const claimed = (await x.run(claim, { key, expiresAt: iso(now + ttlMs), now: iso(now) })) > 0;
      touched();
      return claimed;
    },
    cache,
    /** Waits for a purge under way (tests, shutdown); the database is the caller's to close. */
    close: async () => {
      await purging;
    },
  };
}

/** Purges expired rows now (tests; the store does it by itself once a minute). */
export async function purgeExpiredSharedState(database: SqlDatabase, now = new Date()): Promise<number> {
  let n = 0;
  for (const q of [purgeLimits, purgeEntries]) {
    for (let deleted = PURGE_BATCH; deleted >= PURGE_BATCH; n += deleted) deleted = await database.x.run(q, { now: now.toISOString() });
  }
  return n;
}
