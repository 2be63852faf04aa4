import type { Logger } from '../lib/logger.ts';
import type { ShopifyApp } from '../platforms/shopify/app.service.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Runs the Shopify reconcile every SHOPIFY_RECONCILE_MS and the loyalty metafield write-back every
// SHOPIFY_WRITEBACK_MS. Thin: the work is in ShopifyApp. One pass of each at a time.
// Connections stored with `connect shopify --no-verify` are verified and completed at start-up
// and with every reconcile tick, so the first time Shopify answers the store goes live.

export type ShopifySyncSchedulerDeps = {
  shopify: Pick<ShopifyApp, 'reconcileAll' | 'completeUnverified' | 'writeBack'>;
  logger: Logger;
  reconcileMs: number;
  writebackMs: number;
  isLeader?: IsLeader;
};

export function startShopifySyncScheduler(deps: ShopifySyncSchedulerDeps): PeriodicJob {
  const logger = deps.logger.child({ module: 'shopify-sync' });
  const jobs = [
    startPeriodic({
      name: 'shopify reconcile',
      intervalMs: deps.reconcileMs,
      logger,
      isLeader: deps.isLeader,
      run: () => deps.shopify.reconcileAll(),
    }),
    startPeriodic({
      name: 'shopify verify',
      intervalMs: deps.reconcileMs,
      runAtStart: true,
      logger,
      isLeader: deps.isLeader,
      run: () => deps.shopify.completeUnverified(),
    }),
    startPeriodic({
      name: 'shopify write-back',
      intervalMs: deps.writebackMs,
      logger,
      isLeader: deps.isLeader,
      run: () => deps.shopify.writeBack(),
    }),
  ];
  return {
    stop: async () => {
      await Promise.all(jobs.map((j) => j.stop()));
    },
  };
}
