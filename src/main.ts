import type { Server } from 'node:http';
import { ConfigError, loadConfig } from './config/config.ts';
import { createApp } from './http/app.ts';
import { createHttpServer } from './http/server.ts';
import { startInboxWorker } from './jobs/inbox.worker.ts';
import { startInboxRetention } from './jobs/inbox-retention.job.ts';
import { startLoyaltyScheduler } from './jobs/loyalty.scheduler.ts';
import { startWooReconcileScheduler } from './jobs/woo-reconcile.scheduler.ts';
import { startShopifySyncScheduler } from './jobs/shopify-sync.scheduler.ts';
import { createLogger } from './lib/logger.ts';
import { createRuntime } from './runtime.ts';

// start-up: config -> db (migrations) -> app -> listen; then the inbox worker, its retention purge and the schedulers.
export async function start(env: NodeJS.ProcessEnv = process.env): Promise<{ server: Server; stop: () => Promise<void> }> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const runtime = createRuntime(config, logger);
  const { handler } = createApp({
    ...runtime.ports,
    config,
    logger,
    inbox: runtime.inbox,
    store: runtime.store,
    discountIssuers: runtime.discountIssuers,
    wooSync: runtime.wooSync,
    wooConnect: runtime.wooConnect,
    shopify: runtime.shopify,
    disconnect: runtime.disconnect,
    workerBeat: runtime.workerDeps.beat,
  });
  const worker = startInboxWorker(runtime.workerDeps);
  // One instance today, so it leads every periodic job; the PostgreSQL deployment plugs its
  // advisory-lock leader in here.
  const isLeader = () => true;
  const retention = startInboxRetention({ inbox: runtime.inbox, config, logger: logger.child({ module: 'inbox-retention' }), isLeader });
  const loyalty = startLoyaltyScheduler({
    store: runtime.store,
    logger: logger.child({ module: 'loyalty-scheduler' }),
    tickMs: config.LOYALTY_TICK_MS,
    issuerFor: runtime.discountIssuers.issuerFor,
    isLeader,
  });
  const shopifySync = startShopifySyncScheduler({
    shopify: runtime.shopify,
    logger,
    reconcileMs: config.SHOPIFY_RECONCILE_MS,
    writebackMs: config.SHOPIFY_WRITEBACK_MS,
    isLeader,
  });
  const wooReconcile = startWooReconcileScheduler({ sync: runtime.wooSync, logger, intervalMs: config.WOOCOMMERCE_RECONCILE_MS, isLeader });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createHttpServer(handler, config).listen(config.PORT, config.HOST, () => resolve(s));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ module: 'main', port, database: config.DATABASE_URL }, `Rapport listening on http://localhost:${port}`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      await new Promise<void>((r) => server.close(() => r()));
      await worker.stop();
      await retention.stop();
      await loyalty.stop();
      await wooReconcile.stop();
      await shopifySync.stop();
      await runtime.wooSync.idle(); // a backfill in flight finishes before the database closes
      await runtime.shopify.idle();
      await runtime.close();
    })());
  return { server, stop };
}

const isEntry = process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href;
if (isEntry) {
  start()
    .then(({ stop }) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError) {
        console.error(err.message);
      } else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
        console.error(`Port already in use: set PORT to a free port (${(err as Error).message})`);
      } else {
        console.error(err);
      }
      process.exit(1);
    });
}
