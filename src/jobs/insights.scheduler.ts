import { refreshAccountInsights, type Score } from '../crm/insights/insights-refresh.service.ts';
import type { InsightsPort } from '../crm/insights/insights.port.ts';
import { followRescore } from '../crm/segments/membership-rescore.service.ts';
import type { CrmStore } from '../crm/store.port.ts';
import type { Logger } from '../lib/logger.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Keeps every account's predictions and RFM scores fresh, on the cluster leader: each tick
// rescores the accounts that are due (never scored, an order placed since their last fit, or a
// fit older than a day), a few per tick, oldest fit first. Scoring runs on a worker thread.
// After each account's rescore, its segments over scores follow (membership-rescore.service.ts).

export type InsightsSchedulerOptions = {
  insights: InsightsPort;
  score: Score;
  /** The runtime's store: segments over scores follow each rescore. Without it they wait for the daily check. */
  store?: CrmStore;
  logger: Logger;
  tickMs: number;
  isLeader: IsLeader;
  /** Accounts per tick (default 5). */
  accountsPerTick?: number;
  now?: () => Date;
};

export const DAY_MS = 86_400_000;

/** One tick: rescores up to `limit` due accounts; what it did, for logs and tests. */
export async function runInsightsTick(o: Omit<InsightsSchedulerOptions, 'tickMs' | 'isLeader'>) {
  const now = (o.now ?? (() => new Date()))();
  const due = await o.insights.accountsDue(new Date(now.getTime() - DAY_MS).toISOString(), o.accountsPerTick ?? 5);
  const done = [];
  for (const account of due) {
    try {
      done.push(await refreshAccountInsights({ insights: o.insights, score: o.score }, account, now));
    } catch (err) {
      o.logger.error({ module: 'insights', accountId: account.accountId, err }, 'insights refresh failed');
      continue;
    }
    if (!o.store) continue;
    try {
      const followed = await followRescore(o.store, account.accountId, now);
      if (followed.entered || followed.left)
        o.logger.info({ module: 'insights', accountId: account.accountId, ...followed }, 'segments followed the rescore');
    } catch (err) {
      // The scores are saved; the daily check brings the segments in line if this fails.
      o.logger.error({ module: 'insights', accountId: account.accountId, err }, 'segments did not follow the rescore');
    }
  }
  if (done.length) o.logger.info({ module: 'insights', accounts: done }, 'insights refreshed');
  return done;
}

export function startInsightsScheduler(o: InsightsSchedulerOptions): PeriodicJob {
  // At start too: a new install (or the demo) sees its predictions in seconds, not after a tick.
  return startPeriodic({
    name: 'insights',
    intervalMs: o.tickMs,
    logger: o.logger,
    isLeader: o.isLeader,
    runAtStart: true,
    run: () => runInsightsTick(o),
  });
}
