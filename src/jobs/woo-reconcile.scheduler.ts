import type { Logger } from '../lib/logger.ts';
import type { WooSync } from '../platforms/woocommerce/sync.service.ts';

// Every WOOCOMMERCE_RECONCILE_MS: repair webhooks and pull what they missed, for every active
// WooCommerce store (platforms/woocommerce/reconcile.ts). Thin; one run at a time.

export function startWooReconcileScheduler(deps: { sync: WooSync; logger: Logger; intervalMs: number }): { stop: () => Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const tick = () => {
    running = deps.sync.reconcileAll()
      .then((r) => { if (r.ok || r.failed) deps.logger.info({ module: 'woocommerce-reconcile', ...r }, 'reconcile pass'); })
      .catch((err: unknown) => deps.logger.error({ module: 'woocommerce-reconcile', err }, 'reconcile pass failed'))
      .finally(() => { if (timer) timer = setTimeout(tick, deps.intervalMs); });
  };
  timer = setTimeout(tick, deps.intervalMs);
  return {
    async stop() {
      clearTimeout(timer);
      timer = undefined;
      await running;
    },
  };
}
