import type { HealthMonitor } from '../../jobs/health-monitor.ts';
import type { WorkerBeat } from '../../jobs/inbox.worker.ts';
import { HttpError } from '../errors.ts';
import { healthResponse, livenessResponse } from './health.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Anonymous and polled by load balancers: constant work, nothing about any tenant, no query.
// Readiness (/api/health) says whether this process should get traffic: started, not draining,
// and its database answered the last background check (jobs/health-monitor.ts). Liveness
// (/api/health/live) only says the process answers: restart it when that fails, not when the
// database is down (a restart would not bring the database back).
export function registerHealthRoutes(
  registry: RouteRegistry,
  deps: { isReady: () => boolean; workerBeat?: WorkerBeat; monitor?: HealthMonitor; redisReachable?: () => boolean },
): void {
  registry.add({
    method: 'get',
    path: '/api/health/live',
    tag: 'System',
    auth: false,
    summary: 'Liveness: the process answers (no tenant data, no query)',
    response: livenessResponse,
    handler: () => ({ status: 'ok' as const }),
  });
  registry.add({
    method: 'get',
    path: '/api/health',
    tag: 'System',
    auth: false,
    summary: 'Readiness: started, not draining, database answering (no tenant data, no query)',
    response: healthResponse,
    errors: [503],
    handler: () => {
      // Load balancers read the status alone: not ready (starting or draining) is a 503 (retry shortly).
      if (!deps.isReady()) throw new HttpError('unavailable', 'Not ready: starting or shutting down', undefined, 1);
      const checks = deps.monitor?.snapshot();
      if (deps.monitor && !deps.monitor.ready()) {
        const db = checks?.database;
        throw new HttpError('unavailable', `Not ready: database ${db?.problem ?? 'not checked yet'}`, undefined, 2);
      }
      const now = Date.now();
      const shown = checks
        ? Object.fromEntries(
            Object.entries(checks).map(([name, c]) => [
              name,
              { ok: c.ok, checkedAgoMs: c.checkedAt === null ? null : now - c.checkedAt, ...(c.problem ? { problem: c.problem } : {}) },
            ]),
          )
        : undefined;
      // No beat to read: the worker runs in another process (`rapport web`), not "never beat".
      const worker = !deps.workerBeat
        ? { lastBeatAgeMs: null, remote: true as const }
        : { lastBeatAgeMs: deps.workerBeat.lastBeatAt == null ? null : now - deps.workerBeat.lastBeatAt };
      // The Redis client's connection state, not a PING: still constant work. Redis away is not a
      // 503: limits fall back to each process's memory meanwhile.
      const redis = deps.redisReachable ? { redis: { reachable: deps.redisReachable() } } : {};
      return { status: 'ok' as const, worker, ...(shown ? { checks: shown } : {}), ...redis };
    },
  });
}
