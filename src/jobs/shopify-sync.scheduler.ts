import type { Logger } from '../lib/logger.ts';
import type { ShopifyApp } from '../platforms/shopify/app.service.ts';

// Runs the Shopify reconcile every SHOPIFY_RECONCILE_MS and the loyalty metafield write-back every
// SHOPIFY_WRITEBACK_MS. Thin: the work is in ShopifyApp. One pass of each at a time.
// Connections stored with `connect shopify --no-verify` are verified and completed at start-up
// and with every reconcile tick, so the first time Shopify answers the store goes live.

export type ShopifySyncSchedulerDeps = { shopify: ShopifyApp; logger: Logger; reconcileMs: number; writebackMs: number };

export function startShopifySyncScheduler(deps: ShopifySyncSchedulerDeps): { stop: () => Promise<void> } {
  const log = deps.logger.child({ module: 'shopify-sync' });
  const inFlight = new Set<Promise<unknown>>();
  const starting: NodeJS.Immediate[] = [];
  const every = (ms: number, name: string, work: () => Promise<unknown>, atStart = false) => {
    let busy = false;
    const tick = () => {
      if (busy) return;
      busy = true;
      const p = work().catch((err: unknown) => log.error({ task: name, err: err instanceof Error ? err.message : String(err) }, 'shopify sync task failed'))
        .finally(() => { busy = false; inFlight.delete(p); });
      inFlight.add(p);
    };
    if (atStart) starting.push(setImmediate(tick));
    return setInterval(tick, ms);
  };
  const timers = [
    every(deps.reconcileMs, 'reconcile', () => deps.shopify.reconcileAll()),
    every(deps.reconcileMs, 'verify', () => deps.shopify.completeUnverified(), true),
    every(deps.writebackMs, 'writeback', () => deps.shopify.writeBack()),
  ];
  return {
    async stop() {
      for (const t of timers) clearInterval(t);
      for (const t of starting) clearImmediate(t);
      await Promise.all([...inFlight]);
    },
  };
}
