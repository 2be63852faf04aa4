import type { Logger } from '../lib/logger.ts';
import type { WooSync } from '../platforms/woocommerce/sync.service.ts';
import { startPeriodic, type IsLeader, type PeriodicJob } from './periodic.ts';

// Every WOOCOMMERCE_RECONCILE_MS: repair webhooks and pull what they missed, for every active
// WooCommerce store (platforms/woocommerce/reconcile.ts). Thin; one run at a time.

export function startWooReconcileScheduler(deps: {
  sync: Pick<WooSync, 'reconcileAll'>;
  logger: Logger;
  intervalMs: number;
  isLeader?: IsLeader;
}): PeriodicJob {
  const logger = deps.logger.child({ module: 'woocommerce-reconcile' });
  return startPeriodic({
    name: 'reconcile pass',
    intervalMs: deps.intervalMs,
    logger,
    isLeader: deps.isLeader,
    run: async () => {
      const r = await deps.sync.reconcileAll();
      if (r.ok || r.failed) logger.info({ ...r }, 'reconcile pass');
    },
  });
}
