import { processInboundMail } from '../crm/service/inbound-mail.service.ts';
import type { AttachmentLimits, InboundMailQueue, MailParser } from '../crm/service/inbound-mail.port.ts';
import type { CrmStore } from '../crm/store.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Threads the support mail the inbound SMTP listener stored (crm/service) on the leader, every
// `tickMs`, until none is due; once an hour it drops raw mail threaded more than 7 days ago.

const KEEP_MS = 7 * 24 * 3600_000;

export function startInboundMail(deps: {
  inboundMail: { store: CrmStore; queue: InboundMailQueue; parse: MailParser; limits: AttachmentLimits };
  logger: Logger;
  tickMs: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'inbound-mail' });
  let lastPurge = 0;
  return startPeriodic({
    name: 'inbound mail',
    intervalMs: deps.tickMs,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      for (let i = 0; i < 20; i++) {
        const pass = await processInboundMail({ ...deps.inboundMail, batchSize: 20 });
        const total = pass.processed + pass.duplicates + pass.retried + pass.dead;
        if (total) logger.info({ ...pass }, 'support mail threaded');
        if (total < 20) break;
      }
      if (Date.now() - lastPurge > 3600_000) {
        lastPurge = Date.now();
        const before = new Date(Date.now() - KEEP_MS).toISOString();
        while ((await deps.inboundMail.queue.purge(before, 200)) === 200);
      }
    },
  });
}
