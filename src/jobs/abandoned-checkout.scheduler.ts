import { runAbandonedCheckouts, type AbandonedCheckoutDeps } from '../crm/checkouts/abandoned-checkout.pass.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// The abandoned-checkout flow (crm/checkouts) on the leader: open checkouts whose delay has
// passed get their one message. Every minute (the flow's delay is in minutes).

export function startAbandonedCheckoutScheduler(deps: {
  checkouts: AbandonedCheckoutDeps;
  logger: Logger;
  intervalMs?: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'abandoned-checkout' });
  return startPeriodic({
    name: 'abandoned checkout',
    intervalMs: deps.intervalMs ?? 60_000,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const pass = await runAbandonedCheckouts(deps.checkouts, new Date().toISOString());
      if (pass.messaged || pass.skipped) logger.info({ ...pass }, 'abandoned checkouts');
    },
  });
}
