import { runFlowDailyPass } from '../crm/flows/daily-pass.service.ts';
import type { CrmStore } from '../crm/store.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// The flows' calendar pass (crm/flows/daily-pass.service.ts: birthdays, win-back) hourly on the
// leader, so each shop's day is seen soon after its midnight; reruns add nothing (dedupe keys).

export function startFlowsDailyScheduler(deps: { store: CrmStore; logger: Logger; intervalMs?: number; isLeader?: IsLeader }): PeriodicJob {
  const logger = deps.logger.child({ module: 'flows-daily' });
  return startPeriodic({
    name: 'flows daily pass',
    intervalMs: deps.intervalMs ?? 3_600_000,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const pass = await runFlowDailyPass(deps.store, new Date().toISOString());
      if (pass.birthdays || pass.lapsed) logger.info(pass, 'flow triggers added');
    },
  });
}
