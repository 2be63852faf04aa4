import type { SegmentSync } from '../crm/segments/segment-sync.service.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Mirrored segments written to the stores (crm/segments/segment-sync.service.ts), on the leader:
// one run a tick, its writes bounded by most of the interval so ticks do not pile up.

export function startSegmentSyncScheduler(deps: {
  sync: SegmentSync;
  logger: Logger;
  intervalMs: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'segment-sync' });
  return startPeriodic({
    name: 'segment sync',
    intervalMs: deps.intervalMs,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const r = await deps.sync.run(new Date(), { budgetMs: Math.max(1_000, deps.intervalMs * 0.75) });
      if (r.checked || r.enqueued || r.written || r.failed) logger.info({ ...r }, 'segment sync');
    },
  });
}
