import type { WorkerBeat } from '../../jobs/inbox.worker.ts';
import { HttpError } from '../errors.ts';
import { healthResponse } from './health.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Anonymous and polled by load balancers: constant work, nothing about any tenant, no query.
export function registerHealthRoutes(
  registry: RouteRegistry,
  deps: { isReady: () => boolean; workerBeat?: WorkerBeat; redisReachable?: () => boolean },
): void {
  registry.add({
    method: 'get',
    path: '/api/health',
    tag: 'System',
    auth: false,
    summary: 'Liveness and readiness (no tenant data)',
    response: healthResponse,
    errors: [503],
    handler: () => {
      // Load balancers read the status alone: not ready yet is a 503 (retry shortly).
      if (!deps.isReady()) throw new HttpError('unavailable', 'Starting: not ready yet', undefined, 1);
      // The client's connection state, not a PING: still constant work. Redis away is not a 503:
      // limits fall back to each process's memory meanwhile.
      const redis = deps.redisReachable ? { redis: { reachable: deps.redisReachable() } } : {};
      // No beat to read: the worker runs in another process (`rapport web`), not "never beat".
      if (!deps.workerBeat) return { status: 'ok' as const, worker: { lastBeatAgeMs: null, remote: true as const }, ...redis };
      const at = deps.workerBeat.lastBeatAt;
      return { status: 'ok' as const, worker: { lastBeatAgeMs: at == null ? null : Date.now() - at }, ...redis };
    },
  });
}
