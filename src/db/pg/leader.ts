import pg from 'pg';
import type { LeaderElection } from '../../lib/leader.ts';
import type { Logger } from '../../lib/logger.ts';

// Leader election on PostgreSQL: a session-level advisory lock (`pg_try_advisory_lock`) held on a
// connection of its own, opened with the pool's settings but never returned to a pool (a pooled
// connection going back would carry the lock to whichever unit of work checks it out next).
// - Each `isLeader()` re-checks: the leader confirms its session is alive (the lock lives as long
//   as the session); a follower tries the lock again. Concurrent calls share one check.
// - Hand-over: when the leader's process dies or its connection drops, the server ends the session
//   and releases the lock; another process takes it at its next tick. `close()` unlocks at once.
// - A lost connection means "not leader" until a new one takes the lock again. The old leader
//   learns it lost at its next check (a run already started finishes): for that window two
//   processes may both run a job, so the singleton jobs stay idempotent.
// Advisory locks are per database: each database elects its own leader.

export type PgLeaderOptions = {
  /** The lock's name (hashed to the lock key). */
  name?: string;
  logger?: Logger;
  /** A check that takes longer counts as a lost connection (ms). */
  timeoutMs?: number;
};

export const LEADER_LOCK = 'rapport.leader';

export function createPgLeaderElection(pool: pg.Pool, options: PgLeaderOptions = {}): LeaderElection {
  const name = options.name ?? LEADER_LOCK;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const log = options.logger;
  let client: pg.Client | undefined;
  let leading = false;
  let closed = false;
  let pending: Promise<boolean> | undefined;

  function drop(c: pg.Client | undefined, err: unknown): void {
    if (!c || c !== client) return;
    client = undefined;
    if (leading) log?.warn({ module: 'leader', err }, 'leader: lost the connection holding the lock; not leading until it is taken again');
    leading = false;
    c.end().catch(() => undefined);
  }

  async function open(): Promise<pg.Client> {
    const base = pool.options;
    const c = new pg.Client({
      ...base,
      application_name: `${base.application_name ?? 'rapport'} leader`,
      keepAlive: true,
      query_timeout: timeoutMs,
      connectionTimeoutMillis: Math.min(base.connectionTimeoutMillis || timeoutMs, timeoutMs),
    });
    // An idle connection the server closes (terminated, restarted) reports here, not to a query.
    c.on('error', (err) => drop(c, err));
    try {
      await c.connect();
    } catch (err) {
      c.end().catch(() => undefined);
      throw err;
    }
    return (client = c);
  }

  async function check(): Promise<boolean> {
    if (closed) return false;
    const c = client ?? (await open().catch((err: unknown) => void log?.debug({ module: 'leader', err }, 'leader: cannot connect')));
    if (!c) return false;
    try {
      if (leading) {
        await c.query('SELECT 1');
        return c === client && leading;
      }
      const { rows } = await c.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [name]);
      if (c !== client) return false; // dropped while the query ran
      leading = rows[0]?.locked === true;
      if (leading) log?.info({ module: 'leader' }, 'leader: this process now runs the singleton jobs');
      return leading;
    } catch (err) {
      drop(c, err);
      return false;
    }
  }

  return {
    isLeader() {
      pending ??= check().finally(() => (pending = undefined));
      return pending;
    },
    async close() {
      closed = true;
      await pending?.catch(() => undefined);
      const c = client;
      client = undefined;
      if (!c) return;
      // Unlocked before the connection closes, so the next leader need not wait for the session to end.
      if (leading) await c.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).catch(() => undefined);
      leading = false;
      await c.end().catch(() => undefined);
    },
  };
}
