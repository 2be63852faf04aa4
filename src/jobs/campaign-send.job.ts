import { sendDueCampaigns, type CampaignSendDeps } from '../crm/campaigns/campaign-send.service.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// The campaign send (crm/campaigns/campaign-send.service.ts) every CAMPAIGNS_TICK_MS on the
// leader: expands due campaigns into queued messages, a page (one unit of work) at a time, for at
// most `budgetMs` per run, so a stopping process waits for one page only. The message sender
// drains what it queues.

export function startCampaignSender(deps: {
  send: CampaignSendDeps;
  logger: Logger;
  tickMs: number;
  isLeader?: IsLeader;
  budgetMs?: number;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'campaign-send' });
  let stopping = false;
  const job = startPeriodic({
    name: 'campaign send',
    intervalMs: deps.tickMs,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const run = await sendDueCampaigns(deps.send, { budgetMs: deps.budgetMs ?? 5_000, shouldStop: () => stopping });
      if (run.pages) logger.info({ ...run }, 'campaign pages queued');
    },
  });
  return {
    async stop() {
      stopping = true;
      await job.stop();
    },
  };
}
