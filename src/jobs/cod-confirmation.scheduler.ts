import { runCodConfirmations, type CodDeps } from '../crm/cod/cod-confirmation.service.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// COD confirmation (crm/cod) on the leader: asks noted orders, reminds, marks no answer for review,
// and writes answers to the stores through platform_outbox. Every half minute.

export function startCodConfirmationScheduler(deps: {
  cod: CodDeps;
  logger: Logger;
  intervalMs?: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'cod-confirmation' });
  return startPeriodic({
    name: 'cod confirmation',
    intervalMs: deps.intervalMs ?? 30_000,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const pass = await runCodConfirmations(deps.cod);
      if (Object.values(pass).some((n) => n > 0)) logger.info({ ...pass }, 'cod confirmations');
    },
  });
}
