import { createServer, type Server } from 'node:http';
import { ConfigError, databaseLabel, loadConfig, parseDatabaseUrl } from './config/config.ts';
import { createApp } from './http/app.ts';
import { createHttpServer } from './http/server.ts';
import { startInboxWorker } from './jobs/inbox.worker.ts';
import { startInboxRetention } from './jobs/inbox-retention.job.ts';
import { startLoyaltyScheduler } from './jobs/loyalty.scheduler.ts';
import { startWooReconcileScheduler } from './jobs/woo-reconcile.scheduler.ts';
import { startShopifySyncScheduler } from './jobs/shopify-sync.scheduler.ts';
import { startSegmentMembershipScheduler } from './jobs/segment-membership.scheduler.ts';
import { startSegmentSyncScheduler } from './jobs/segment-sync.scheduler.ts';
import { startOutboundWebhooks } from './jobs/outbound-webhooks.job.ts';
import { startInsightsScheduler } from './jobs/insights.scheduler.ts';
import { startCampaignSender } from './jobs/campaign-send.job.ts';
import { startMessageSender } from './jobs/message-sender.job.ts';
import { startEventConsumer } from './jobs/event-consumer.job.ts';
import { startFlowsDailyScheduler } from './jobs/flows-daily.scheduler.ts';
import { startWhatsAppWebhooks } from './jobs/whatsapp-webhooks.job.ts';
import { startCodConfirmationScheduler } from './jobs/cod-confirmation.scheduler.ts';
import { startAbandonedCheckoutScheduler } from './jobs/abandoned-checkout.scheduler.ts';
import { startInboundMail } from './jobs/inbound-mail.job.ts';
import { startScoringThread } from './jobs/insights-scoring.thread.ts';
import { acquireWorkerLock, WorkerLockError, type WorkerLock } from './jobs/worker-lock.ts';
import { createPgLeaderElection } from './db/pg/leader.ts';
import type { PgDatabase, SqlDatabase } from './db/sql/database.ts';
import { alwaysLeader, type LeaderElection } from './lib/leader.ts';
import { createLogger, type Logger } from './lib/logger.ts';
import { createRuntime, type Runtime } from './runtime.ts';
import { startHealthMonitor, type HealthMonitor } from './jobs/health-monitor.ts';
import { query } from './db/sql/executor.ts';
import { startInboundSmtp, type InboundSmtp } from './channels/email/inbound-smtp.ts';
import { recordDeliveryReport } from './crm/messaging/delivery-reports.service.ts';

const PING = query('SELECT 1 AS ok');

// Process roles: `web` serves HTTP (webhook intake, admin API, storefront), `worker` drains the
// inbox and runs the periodic jobs, `all` does both in one process (`npm start`). Separate web and
// worker processes share the SQLite file (WAL); the worker then polls, as the web's accept cannot wake it.

export type Role = 'web' | 'worker' | 'all';

export type Started = { server?: Server; stop: () => Promise<void> };

type Stoppable = { stop: () => Promise<void> };

export async function startRole(role: Role, env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const config = loadConfig(env);
  const logger = createLogger(config.LOG_LEVEL);
  const target = parseDatabaseUrl(config.DATABASE_URL);
  // One worker per SQLite file; on PostgreSQL workers share the inbox (claims with a lease).
  const path = target.dialect === 'sqlite' ? target.path : ':memory:';
  // Taken before the database opens, so a refused second worker touches nothing.
  const lock: WorkerLock | undefined = role === 'worker' && path !== ':memory:' ? acquireWorkerLock(path) : undefined;
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config, logger);
  } catch (err) {
    lock?.release();
    throw err;
  }
  const leader = role === 'web' ? undefined : electLeader(runtime.database, logger);
  const jobs = leader ? startJobs(runtime, logger, leader) : [];
  // Readiness reads these background checks; a process that drains answers 503 at once.
  let draining = false;
  const monitor = startHealthMonitor({
    checks: { database: () => runtime.database.x.get(PING), queue: () => runtime.inbox.counts() },
    logger: logger.child({ module: 'health' }),
  });
  const server = role === 'worker' ? undefined : await listen(runtime, logger, role, { monitor, isReady: () => !draining });
  // Beside the HTTP server: a second web process on the same host would need another port.
  const inboundSmtp: InboundSmtp | undefined =
    server && config.INBOUND_SMTP_PORT !== undefined
      ? await startInboundSmtp({
          port: config.INBOUND_SMTP_PORT,
          host: config.INBOUND_SMTP_HOST,
          onReport: (report) => recordDeliveryReport(runtime.store, report, new Date().toISOString()),
          route: runtime.service.route,
          onSupportMail: (mail) => runtime.service.inboundMail.queue.accept(mail, new Date().toISOString()),
          logger,
        })
      : undefined;
  const health =
    role === 'worker' && config.WORKER_HEALTH_PORT !== undefined ? await listenHealth(runtime, config.WORKER_HEALTH_PORT) : undefined;
  logger.info({ module: 'main', role, database: databaseLabel(config.DATABASE_URL) }, `Rapport ${role} started`);

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      draining = true;
      // Stop accepting first; close() resolves once in-flight requests have been answered.
      if (server) await new Promise<void>((r) => server.close(() => r()));
      await inboundSmtp?.close();
      if (health) await new Promise<void>((r) => health.close(() => r()));
      for (const job of jobs) await job.stop(); // the inbox worker finishes its current batch
      await leader?.close(); // another worker takes the singleton jobs at its next tick
      await runtime.wooSync.idle(); // a backfill in flight finishes before the database closes
      await runtime.shopify.idle();
      monitor.stop();
      await runtime.close();
      lock?.release();
    })());
  return { server, stop };
}

/**
 * Who runs the singleton jobs: on PostgreSQL the holder of an advisory lock (db/pg/leader.ts),
 * re-checked every tick; on SQLite this process (one worker per file, the lock above).
 */
function electLeader(database: SqlDatabase, logger: Logger): LeaderElection {
  if (database.dialect !== 'pg') return alwaysLeader();
  return createPgLeaderElection((database as PgDatabase).pool, { logger });
}

/**
 * The inbox worker, its retention purge and the schedulers; the worker first so it stops first.
 * The inbox worker runs on every worker process; the rest only on the leader.
 */
function startJobs(runtime: Runtime, logger: Logger, leader: LeaderElection): Stoppable[] {
  const { config } = runtime;
  const isLeader = leader.isLeader;
  return [
    startInboxWorker(runtime.workerDeps),
    startInboxRetention({ inbox: runtime.inbox, config, logger: logger.child({ module: 'inbox-retention' }), isLeader }),
    startLoyaltyScheduler({
      store: runtime.store,
      logger: logger.child({ module: 'loyalty-scheduler' }),
      tickMs: config.LOYALTY_TICK_MS,
      issuerFor: runtime.discountIssuers.issuerFor,
      marks: runtime.jobState,
      isLeader,
    }),
    startWooReconcileScheduler({ sync: runtime.wooSync, logger, intervalMs: config.WOOCOMMERCE_RECONCILE_MS, isLeader }),
    startSegmentMembershipScheduler({ store: runtime.store, state: runtime.jobState, logger, isLeader }),
    startSegmentSyncScheduler({ sync: runtime.segmentSync, logger, intervalMs: config.SEGMENT_SYNC_MS, isLeader }),
    startOutboundWebhooks({
      port: runtime.ports.webhooks,
      post: runtime.webhookPost,
      logger,
      intervalMs: config.WEBHOOKS_TICK_MS,
      isLeader,
    }),
    startShopifySyncScheduler({
      shopify: runtime.shopify,
      logger,
      reconcileMs: config.SHOPIFY_RECONCILE_MS,
      writebackMs: config.SHOPIFY_WRITEBACK_MS,
      isLeader,
    }),
    insightsJob(runtime, logger, isLeader),
    startFlowsDailyScheduler({ store: runtime.store, logger, isLeader }),
    // Flows queue messages: before the sender, so it stops after them.
    startAbandonedCheckoutScheduler({ checkouts: runtime.messaging.checkouts, logger, isLeader }),
    startEventConsumer({ consumer: runtime.messaging.flows, logger, tickMs: config.MESSAGES_TICK_MS, isLeader }),
    startEventConsumer({ consumer: runtime.webhookEvents, logger, tickMs: config.WEBHOOKS_TICK_MS, isLeader }),
    startEventConsumer({ consumer: runtime.automationEvents, logger, tickMs: config.WEBHOOKS_TICK_MS, isLeader }),
    startCampaignSender({ send: runtime.messaging.campaigns, logger, tickMs: config.CAMPAIGNS_TICK_MS, isLeader }),
    startMessageSender({ sender: runtime.messaging.sender, logger, tickMs: config.MESSAGES_TICK_MS, isLeader }),
    startWhatsAppWebhooks({ whatsapp: runtime.messaging.whatsappWebhooks, logger, tickMs: config.MESSAGES_TICK_MS, isLeader }),
    startCodConfirmationScheduler({ cod: runtime.cod, logger, isLeader }),
    startInboundMail({ inboundMail: runtime.service.inboundMail, logger, tickMs: config.MESSAGES_TICK_MS, isLeader }),
  ];
}

/** Predictions and RFM scores, refitted on the leader; the scoring thread ends with the job. */
function insightsJob(runtime: Runtime, logger: Logger, isLeader: LeaderElection['isLeader']): Stoppable {
  const thread = startScoringThread();
  const job = startInsightsScheduler({
    insights: runtime.ports.insights,
    score: thread.score,
    store: runtime.store,
    logger: logger.child({ module: 'insights' }),
    tickMs: runtime.config.INSIGHTS_TICK_MS,
    isLeader,
  });
  return {
    async stop() {
      await job.stop();
      await thread.close();
    },
  };
}

async function listen(
  runtime: Runtime,
  logger: Logger,
  role: Role,
  health: { monitor: HealthMonitor; isReady: () => boolean },
): Promise<Server> {
  const { config } = runtime;
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
    sharedState: runtime.sharedState,
    // In the web role the worker is another process: health says so instead of "never beat".
    workerBeat: role === 'all' ? runtime.workerDeps.beat : undefined,
    healthMonitor: health.monitor,
    isReady: health.isReady,
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createHttpServer(handler, config).listen(config.PORT, config.HOST, () => resolve(s));
    s.on('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.info({ module: 'main', port, database: databaseLabel(config.DATABASE_URL) }, `Rapport listening on http://localhost:${port}`);
  return server;
}

/**
 * Liveness for a worker process (e.g. a container probe): 200 while the worker beat recently,
 * 503 once it has not for ten poll intervals (at least 30 s). No data, no query.
 */
async function listenHealth(runtime: Runtime, port: number): Promise<Server> {
  const { beat, pollMs } = runtime.workerDeps;
  const staleMs = Math.max(30_000, 10 * pollMs);
  const server = createServer((_req, res) => {
    const at = beat?.lastBeatAt ?? null;
    const age = at === null ? null : Date.now() - at;
    const alive = age !== null && age < staleMs;
    res.writeHead(alive ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(JSON.stringify({ status: alive ? 'ok' : 'stale', worker: { lastBeatAgeMs: age } }));
  });
  return new Promise<Server>((resolve, reject) => {
    server.listen(port, runtime.config.HOST, () => resolve(server));
    server.on('error', reject);
  });
}

/** Runs a role as this process: stops gracefully on SIGTERM/SIGINT (exit 0), exits 1 with a clear message if it cannot start. */
export function runRole(role: Role): void {
  startRole(role)
    .then(({ stop }) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void stop().then(() => process.exit(0)));
    })
    .catch((err: unknown) => {
      if (err instanceof ConfigError || err instanceof WorkerLockError) {
        console.error(`rapport ${role}: ${err.message}`);
      } else if ((err as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
        console.error(`Port already in use: set PORT to a free port (${(err as Error).message})`);
      } else {
        console.error(err);
      }
      process.exit(1);
    });
}
