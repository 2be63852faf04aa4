import type { WorkerBeat } from '../../jobs/inbox.worker.ts';
import { healthResponse } from './health.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Anonymous and polled by load balancers: constant work, nothing about any tenant, no query.
export function registerHealthRoutes(registry: RouteRegistry, deps: { isReady: () => boolean; workerBeat?: WorkerBeat }): void {
  registry.add({
    method: 'get', path: '/api/health', tag: 'System', auth: false, summary: 'Liveness and readiness (no tenant data)',
    response: healthResponse,
    handler: ({ res }) => {
      const status = deps.isReady() ? 'ok' as const : 'starting' as const;
      if (status !== 'ok') res.status(503);
      const at = deps.workerBeat?.lastBeatAt;
      return { status, worker: { lastBeatAgeMs: at == null ? null : Date.now() - at } };
    },
  });
}
