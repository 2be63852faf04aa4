import { processWhatsAppWebhooks, type InboundListener } from '../crm/messaging/whatsapp/webhook.service.ts';
import type { WhatsAppWebhookQueue } from '../crm/messaging/whatsapp/webhook-queue.port.ts';
import type { CrmStore } from '../crm/store.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Applies stored WhatsApp webhook values (statuses, inbound messages) on the leader, every
// `tickMs`, until none is due; once an hour it also drops values applied more than 7 days ago.

const KEEP_MS = 7 * 24 * 3600_000;

export function startWhatsAppWebhooks(deps: {
  whatsapp: { store: CrmStore; queue: WhatsAppWebhookQueue; onInbound?: InboundListener };
  logger: Logger;
  tickMs: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'whatsapp-webhooks' });
  let lastPurge = 0;
  return startPeriodic({
    name: 'whatsapp webhooks',
    intervalMs: deps.tickMs,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      for (let i = 0; i < 20; i++) {
        const pass = await processWhatsAppWebhooks({ ...deps.whatsapp, batchSize: 100 });
        if (pass.processed || pass.retried || pass.dead) logger.info({ ...pass }, 'whatsapp webhooks applied');
        if (pass.processed + pass.retried + pass.dead < 100) break;
      }
      if (Date.now() - lastPurge > 3600_000) {
        lastPurge = Date.now();
        const before = new Date(Date.now() - KEEP_MS).toISOString();
        while ((await deps.whatsapp.queue.purge(before, 500)) === 500);
      }
    },
  });
}
