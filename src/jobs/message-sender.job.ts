import { sendDueMessages, type SenderDeps } from '../crm/messaging/sender.service.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// The message sender (crm/messaging/sender.service.ts) every MESSAGES_TICK_MS on the leader: one
// process sends, so the channel's rate is the configured one. Claims stay safe when a hand-over
// overlaps (each message goes to one claim). A run takes passes until the queue is empty,
// `maxPassesPerRun` is reached or the job stops; `stop()` waits only for the pass in flight.

export function startMessageSender(deps: {
  sender: SenderDeps;
  logger: Logger;
  tickMs: number;
  isLeader?: IsLeader;
  maxPassesPerRun?: number;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'message-sender' });
  const batch = deps.sender.batchSize ?? 50;
  let stopping = false;
  const job = startPeriodic({
    name: 'message sender',
    intervalMs: deps.tickMs,
    runAtStart: true,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      for (let i = 0; i < (deps.maxPassesPerRun ?? 20) && !stopping; i++) {
        const pass = await sendDueMessages({ ...deps.sender, batchSize: batch });
        if (pass.claimed) logger.info({ ...pass }, 'messages sent');
        if (pass.claimed < batch) return;
      }
    },
  });
  return {
    // The pass in flight finishes (its messages are claimed); no further pass starts.
    async stop() {
      stopping = true;
      await job.stop();
    },
  };
}
