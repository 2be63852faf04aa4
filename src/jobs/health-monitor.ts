import type { Logger } from '../lib/logger.ts';

// Readiness needs to know whether the database answers and the queue moves, but anonymous health
// must stay constant work with no query (load balancers poll it, and so can anyone). So each
// process checks in the background, on a timer, and health reads the last result: what an
// outsider can call costs the same whatever the database or the inbox hold.

export type CheckResult = {
  ok: boolean;
  /** When the last check finished (epoch ms; null before the first). */
  checkedAt: number | null;
  /** A short reason when not ok (never a connection string or a secret). */
  problem?: string;
};

export type HealthChecks = {
  /** Resolves when the database answers a trivial statement. */
  database: () => Promise<unknown>;
  /** Oldest pending delivery (from the counts table, O(1)); the queue is stuck past `stuckAfterMs`. */
  queue?: () => Promise<{ oldestPendingAt: string | null }>;
  /** Resolves when the shared store (Redis) answers, when one is configured. */
  [extra: string]: (() => Promise<unknown>) | undefined;
};

export type HealthMonitor = {
  snapshot(): Record<string, CheckResult>;
  /** Whether the checks that gate readiness (the database) pass and are recent. */
  ready(): boolean;
  stop(): void;
};

export type HealthMonitorOptions = {
  checks: HealthChecks;
  intervalMs?: number;
  /** A check that takes longer fails (a hung connection must not look healthy). */
  timeoutMs?: number;
  /** A queue whose oldest pending delivery is older than this is reported not ok. */
  stuckAfterMs?: number;
  logger?: Pick<Logger, 'warn'>;
  now?: () => number;
};

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

const problemOf = (err: unknown): string => {
  const e = err as { code?: string; message?: string };
  // Codes and our own timeout text only: a driver's message can quote a host or a user.
  if (e?.code) return `error ${e.code}`;
  return /^no answer within/.test(e?.message ?? '') ? e.message! : 'check failed';
};

export function startHealthMonitor(o: HealthMonitorOptions): HealthMonitor {
  const intervalMs = o.intervalMs ?? 2_000;
  const timeoutMs = o.timeoutMs ?? Math.max(1_000, intervalMs);
  const stuckAfterMs = o.stuckAfterMs ?? 10 * 60_000;
  const now = o.now ?? Date.now;
  const results: Record<string, CheckResult> = {};
  for (const name of Object.keys(o.checks)) if (o.checks[name]) results[name] = { ok: false, checkedAt: null };
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;

  async function runCheck(name: string, check: () => Promise<unknown>): Promise<void> {
    try {
      const value = await withTimeout(check(), timeoutMs);
      if (name === 'queue') {
        const oldest = (value as { oldestPendingAt: string | null }).oldestPendingAt;
        const age = oldest ? now() - Date.parse(oldest) : 0;
        results[name] =
          age > stuckAfterMs ? { ok: false, checkedAt: now(), problem: 'deliveries waiting too long' } : { ok: true, checkedAt: now() };
      } else results[name] = { ok: true, checkedAt: now() };
    } catch (err) {
      const problem = problemOf(err);
      if (results[name]?.ok !== false || results[name]?.problem !== problem)
        o.logger?.warn({ check: name, problem }, 'health check failed');
      results[name] = { ok: false, checkedAt: now(), problem };
    }
  }

  async function round(): Promise<void> {
    await Promise.all(Object.entries(o.checks).map(([name, check]) => (check ? runCheck(name, check) : undefined)));
    if (stopped) return;
    timer = setTimeout(() => void round(), intervalMs);
    timer.unref();
  }
  void round();

  return {
    snapshot: () => ({ ...results }),
    ready() {
      const db = results.database;
      // A result older than a few rounds means the checker itself is stuck: not ready either.
      return !!db?.ok && db.checkedAt !== null && now() - db.checkedAt < Math.max(3 * intervalMs, timeoutMs + intervalMs);
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}
