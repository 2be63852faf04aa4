import type { Config } from '../config/config.ts';
import type { InboxQueue } from '../inbox/inbox.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Deletes what the inbox no longer needs, off the hot path: processed deliveries after
// INBOX_RETENTION_HOURS, dead letters after INBOX_DEAD_RETENTION_HOURS, dedupe keys after 7 days.
// Small batches with a yield between them, so webhook acks never wait for more than one.

/**
 * Dedupe keys outlive the bodies: Shopify resends a failed delivery with the same ids for hours
 * (8 tries over 4 hours; 48 hours in older documentation), so a week is well past any retry.
 * Never shorter than the body retention, so no stored delivery's key is forgotten first.
 */
export const DEDUPE_RETENTION_HOURS = 24 * 7;
const BATCH = 500;
const INTERVAL_MS = 60_000;
const HOUR_MS = 3_600_000;

export type RetentionDeps = {
  inbox: InboxQueue;
  config: Pick<Config, 'INBOX_RETENTION_HOURS' | 'INBOX_DEAD_RETENTION_HOURS'>;
  batch?: number;
};

/** Deletes every row due at `now`, a batch at a time; returns how many. */
export async function purgeInbox(deps: RetentionDeps, now = new Date()): Promise<number> {
  const before = (hours: number) => new Date(now.getTime() - hours * HOUR_MS).toISOString();
  const cutoffs = {
    processedBefore: before(deps.config.INBOX_RETENTION_HOURS),
    deadBefore: before(deps.config.INBOX_DEAD_RETENTION_HOURS),
    keysBefore: before(Math.max(DEDUPE_RETENTION_HOURS, deps.config.INBOX_RETENTION_HOURS)),
  };
  let total = 0;
  for (;;) {
    const n = await deps.inbox.purge(cutoffs, deps.batch ?? BATCH);
    total += n;
    if (n === 0) return total;
    await new Promise((r) => setImmediate(r));
  }
}

/** Runs purgeInbox every minute (the first at once) until stopped. */
export function startInboxRetention(deps: RetentionDeps & { logger: Logger; intervalMs?: number; isLeader?: IsLeader }): PeriodicJob {
  return startPeriodic({
    name: 'inbox retention',
    intervalMs: deps.intervalMs ?? INTERVAL_MS,
    runAtStart: true,
    logger: deps.logger,
    isLeader: deps.isLeader,
    run: async () => {
      const n = await purgeInbox(deps);
      if (n) deps.logger.info({ deleted: n }, 'inbox retention: expired deliveries and keys deleted');
    },
  });
}
