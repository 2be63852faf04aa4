import { deliverDue, type WebhookPost } from '../crm/webhooks/webhooks.service.ts';
import type { WebhooksPort } from '../crm/webhooks/webhooks.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Outbound webhook deliveries (crm/webhooks), on the leader: every tick, passes until nothing is
// due or most of the interval is spent (a slow receiver cannot pile ticks up: each request times out).

export function startOutboundWebhooks(deps: {
  port: WebhooksPort;
  post: WebhookPost;
  logger: Logger;
  intervalMs: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'webhooks' });
  return startPeriodic({
    name: 'outbound webhooks',
    intervalMs: deps.intervalMs,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const until = Date.now() + Math.max(1_000, deps.intervalMs * 0.75);
      while (Date.now() < until) {
        const pass = await deliverDue({ port: deps.port, post: deps.post });
        if (pass.claimed) logger.info({ ...pass }, 'webhook deliveries');
        if (pass.claimed === 0) break;
      }
    },
  });
}
