import { checkMembershipSlice } from '../crm/segments/membership-check.service.ts';
import type { CrmStore } from '../crm/store.port.ts';
import type { JobStatePort } from '../crm/sync/job-state.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// The daily segment membership check (crm/segments/membership-check.service.ts), on the leader:
// every tick takes the next slice of accounts until the day is done, the position in job_state,
// so a restart or a new leader resumes it. Ticks on a done day read one job_state row.

export const SEGMENT_CHECK_TICK_MS = 60_000;

export function startSegmentMembershipScheduler(deps: {
  store: CrmStore;
  state: JobStatePort;
  logger: Logger;
  isLeader?: IsLeader;
  tickMs?: number;
  accountsPerTick?: number;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'segment-membership' });
  return startPeriodic({
    name: 'segment membership check',
    intervalMs: deps.tickMs ?? SEGMENT_CHECK_TICK_MS,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const r = await checkMembershipSlice({ store: deps.store, state: deps.state }, new Date(), deps.accountsPerTick);
      if (r.accounts) logger.info({ ...r }, 'segment membership check');
    },
  });
}
