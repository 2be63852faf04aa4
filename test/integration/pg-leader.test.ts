import type pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createPgPool } from '../../src/db/pg/client.ts';
import { createPgLeaderElection } from '../../src/db/pg/leader.ts';
import { startPeriodic, type PeriodicJob } from '../../src/jobs/periodic.ts';
import type { LeaderElection } from '../../src/lib/leader.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { createTestDatabase, pgAvailable, type TestDatabase } from '../helpers/pg.ts';

// Leader election on a real PostgreSQL server: two "processes" (an elector on a pool of its own
// each) elect exactly one leader; when the leader's connection dies the other takes over at its
// next check; a periodic singleton job runs on one of them per tick, never on both.

const logger = createLogger('silent');

describe.skipIf(!pgAvailable)('leader election (PostgreSQL advisory lock)', () => {
  let testDb: TestDatabase;
  let pools: pg.Pool[];
  let admin: pg.Pool;
  const opened: LeaderElection[] = [];
  let lock = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    pools = [1, 2].map((n) => createPgPool({ url: testDb.url, max: 2, applicationName: `leader test ${n}` }));
    admin = createPgPool({ url: testDb.url, max: 2, applicationName: 'leader test admin' });
  });
  afterEach(async () => {
    for (const e of opened.splice(0)) await e.close();
  });
  afterAll(async () => {
    for (const p of [...pools, admin]) await p.end();
    await testDb.drop();
  });

  /** Two electors of one lock (a fresh name per test), one per pool: two processes. */
  function electors(): [LeaderElection, LeaderElection] {
    const name = `rapport.leader.test.${++lock}`;
    const pair = pools.map((pool) => createPgLeaderElection(pool, { name, logger })) as [LeaderElection, LeaderElection];
    opened.push(...pair);
    return pair;
  }

  /** Backends holding an advisory lock in the test database, and whose connections they are. */
  async function holders(): Promise<{ pid: number; app: string }[]> {
    const { rows } = await admin.query<{ pid: number; app: string }>(
      `SELECT l.pid, a.application_name AS app FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    );
    return rows;
  }

  /** Ends a backend and waits until it is gone (PostgreSQL 14+: the timeout form), as if its process died. */
  async function terminate(pid: number): Promise<void> {
    const { rows } = await admin.query<{ done: boolean }>('SELECT pg_terminate_backend($1, 10000) AS done', [pid]);
    expect(rows[0]!.done).toBe(true);
  }

  it('elects exactly one of two processes, on a dedicated connection, and keeps it', async () => {
    const [a, b] = electors();
    const first = await Promise.all([a.isLeader(), b.isLeader()]);
    expect(first.filter(Boolean)).toHaveLength(1);
    const [leader, follower] = first[0] ? [a, b] : [b, a];
    for (let i = 0; i < 3; i++) {
      expect(await Promise.all([leader.isLeader(), leader.isLeader(), follower.isLeader()])).toEqual([true, true, false]);
    }
    // The lock is held by the leader's own connection, not by one of its pool's.
    const held = await holders();
    expect(held).toHaveLength(1);
    expect(held[0]!.app).toMatch(/^leader test [12] leader$/);
    for (const pool of pools) expect(pool.totalCount).toBe(0);
  });

  it('hands over when the leader’s connection dies: the other leads at its next check, the old one follows', async () => {
    const [a, b] = electors();
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    const [held] = await holders();
    await terminate(held!.pid);
    expect(await b.isLeader()).toBe(true);
    expect(await a.isLeader()).toBe(false);
    expect(await a.isLeader()).toBe(false);
    expect(await b.isLeader()).toBe(true);
  });

  it('treats a lost connection as "not leader" until it takes the lock again', async () => {
    const [a] = electors();
    expect(await a.isLeader()).toBe(true);
    const [held] = await holders();
    // Someone else takes the lock the moment the session ends.
    const other = await admin.connect();
    try {
      await terminate(held!.pid);
      await other.query('SELECT pg_advisory_lock(hashtext($1))', [`rapport.leader.test.${lock}`]);
      expect(await a.isLeader()).toBe(false);
      expect(await a.isLeader()).toBe(false);
      await other.query('SELECT pg_advisory_unlock(hashtext($1))', [`rapport.leader.test.${lock}`]);
    } finally {
      other.release();
    }
    // The next check (on a new connection) takes it again.
    expect(await a.isLeader()).toBe(true);
    expect((await holders()).map((h) => h.app)).toEqual([expect.stringMatching(/ leader$/)]);
  });

  it('gives the lock up on close, so the other process leads at once', async () => {
    const [a, b] = electors();
    expect(await a.isLeader()).toBe(true);
    expect(await b.isLeader()).toBe(false);
    await a.close();
    expect(await a.isLeader()).toBe(false);
    expect(await b.isLeader()).toBe(true);
  });

  it('runs a periodic singleton job on one process per tick, never both; after the leader dies the other runs it', async () => {
    const [a, b] = electors();
    const ticks = { a: [] as boolean[], b: [] as boolean[] };
    const runs = { a: 0, b: 0 };
    let running = 0;
    let overlaps = 0;
    let terminated = false;
    const afterTermination: boolean[] = [];
    const jobs: Record<'a' | 'b', PeriodicJob> = {} as never;
    for (const [name, elector] of [
      ['a', a],
      ['b', b],
    ] as const) {
      jobs[name] = startPeriodic({
        name: `singleton ${name}`,
        intervalMs: 5,
        jitter: 0,
        runAtStart: true,
        logger,
        isLeader: async () => {
          const startedAfter = terminated;
          const leads = await elector.isLeader();
          ticks[name].push(leads);
          if (startedAfter) afterTermination.push(leads);
          return leads;
        },
        run: async () => {
          runs[name]++;
          if (++running > 1) overlaps++;
          await new Promise((r) => setTimeout(r, 2));
          running--;
        },
      });
    }
    try {
      await vi.waitFor(() => expect(Math.min(ticks.a.length, ticks.b.length)).toBeGreaterThanOrEqual(5), { timeout: 20_000 });
      const leader = runs.a > 0 ? 'a' : 'b';
      const follower = leader === 'a' ? 'b' : 'a';
      expect(runs[leader]).toBeGreaterThan(0);
      expect(runs[follower]).toBe(0);
      expect(ticks[follower].every((t) => !t)).toBe(true);
      expect(runs[leader]).toBe(ticks[leader].filter(Boolean).length);
      expect(overlaps).toBe(0);

      // The leader's process dies: its job stops ticking and the server ends its session.
      await jobs[leader].stop();
      const [held] = await holders();
      await terminate(held!.pid);
      terminated = true;
      await vi.waitFor(() => expect(afterTermination.length).toBeGreaterThanOrEqual(3), { timeout: 20_000 });
      expect(afterTermination[0]).toBe(true); // its very next tick
      expect(afterTermination.every(Boolean)).toBe(true);
      expect(runs[follower]).toBeGreaterThan(0);
      expect(overlaps).toBe(0);
    } finally {
      await Promise.all(Object.values(jobs).map((j) => j.stop()));
    }
  });
});
