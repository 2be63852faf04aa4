import { consumeEvents, type ConsumerDeps } from '../crm/domain-events/consumer.service.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// A consumer of the domain-event queue (crm/domain-events/consumer.service.ts), e.g. the flows,
// every `tickMs` on the leader. Claims are disjoint, so a hand-over that overlaps handles each
// event once; a run takes passes until the consumer's queue has nothing due or the job stops.

export function startEventConsumer(deps: { consumer: ConsumerDeps; logger: Logger; tickMs: number; isLeader?: IsLeader }): PeriodicJob {
  const logger = deps.logger.child({ module: 'event-consumer', consumer: deps.consumer.consumer });
  const batch = deps.consumer.batchSize ?? 100;
  let stopping = false;
  const job = startPeriodic({
    name: `${deps.consumer.consumer} events`,
    intervalMs: deps.tickMs,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      for (let i = 0; i < 20 && !stopping; i++) {
        const pass = await consumeEvents({ ...deps.consumer, batchSize: batch });
        if (pass.claimed) logger.info({ ...pass }, 'events handled');
        if (pass.claimed < batch) return;
      }
    },
  });
  return {
    async stop() {
      stopping = true;
      await job.stop();
    },
  };
}
