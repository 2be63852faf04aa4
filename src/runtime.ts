import { createSegmentSync, type SegmentSync } from './crm/segments/segment-sync.service.ts';
import { createSegmentSyncRepo } from './db/segment-sync.repo.ts';
import { createSyncRepo } from './db/sync.repo.ts';
import { type Config, outboundAllowList } from './config/config.ts';
import type { Db } from './db/client.ts';
import { createSqliteInbox } from './db/inbox.sqlite.ts';
import { createStore } from './db/store.ts';
import type { PgDatabase, SqlDatabase } from './db/sql/database.ts';
import { createPgInbox } from './db/inbox.pg.ts';
import { openRuntimeDatabase, resolveEncryptionKey } from './runtime.database.ts';
import { connectionsRepo } from './db/repos/connections.repo.ts';
import { backfillErasureTombstones } from './db/repos/compliance.repo.ts';
import { createJobState } from './db/job-state.repo.ts';
import { createTenancy, type Tenancy } from './db/tenancy.repo.ts';
import { connectionsMemory } from './db/tenancy/connections.repo.ts';
import { deriveKey } from './lib/crypto.ts';
import { TemplateRenderer } from './crm/messaging/templates/template-renderer.ts';
import { createMessagingSettingsRepo } from './db/messaging-settings.repo.ts';
import { trackingKey } from './crm/messaging/tracking-token.ts';
import { createGuardedFetch } from './lib/outbound-fetch.ts';
import type { OutboundPolicy } from './lib/outbound-address.ts';
import type { WebhookPost } from './crm/webhooks/webhooks.service.ts';
import type { ConsumerDeps } from './crm/domain-events/consumer.service.ts';
import type { CrmStore } from './crm/store.port.ts';
import { keepingSegmentMembership } from './crm/segments/membership.store.ts';
import { queueingDomainEvents } from './crm/domain-events/domain-events.store.ts';
import { flowsSubscription } from './crm/flows/flow-events.service.ts';
import { webhooksConsumer, webhooksSubscription } from './crm/webhooks/webhook-events.ts';
import { automationConsumer, automationSubscription } from './crm/automation/automation-events.ts';
import type { JobStatePort } from './crm/sync/job-state.port.ts';
import type { InboxQueue } from './inbox/inbox.port.ts';
import type { WorkerDeps } from './jobs/inbox.worker.ts';
import type { Logger } from './lib/logger.ts';
import { createOutboundPolicy } from './lib/outbound-address.ts';
import { shopifyAdapter } from './platforms/shopify/normalise.ts';
import { wooAdapter } from './platforms/woocommerce/normalise.ts';
import { createDiscountIssuers, type DiscountIssuers } from './platforms/discount-issuers.ts';
import { createWooRuntime, type WooRuntimeOptions } from './runtime.woocommerce.ts';
import type { WooConnect } from './platforms/woocommerce/connect.service.ts';
import type { WooSync } from './platforms/woocommerce/sync.service.ts';
import type { Disconnect } from './platforms/disconnect.service.ts';
import type { ShopifyApp, ShopifyAppOptions } from './platforms/shopify/app.service.ts';
import { createDisconnectRuntime } from './runtime.disconnect.ts';
import { createShopifyRuntime } from './runtime.shopify.ts';
import { createMessagingRuntime, type MessagingRuntime } from './runtime.messaging.ts';
import { answerCodConfirmation, type CodDeps } from './crm/cod/cod-confirmation.service.ts';
import { createMessageTemplatesRepo } from './db/message-templates.repo.ts';
import { createMergeContextQuery } from './db/merge-context.query.ts';
import { configureUnitOfWorkGuard } from './lib/unit-of-work.guard.ts';
import { createAppPorts } from './composition.ts';
import { createDatabaseSharedState } from './db/shared-state.repo.ts';
import type { SharedState } from './lib/shared-state.ts';
import { createRedisClient, createRedisSharedState } from './shared-state/redis.ts';
import type { AppPorts } from './http/app.ts';
import { createServiceRuntime, type ServiceRuntime } from './runtime.service.ts';
import { ticketFromWhatsApp } from './crm/service/whatsapp-tickets.service.ts';
import type { InboundListener } from './crm/messaging/whatsapp/webhook.service.ts';

// Wires the implementations together on the database DATABASE_URL names (SQLite by default, or
// PostgreSQL: runtime.database.ts); main.ts, the CLI and tests share it.

const TOMBSTONES_BACKFILLED = 'privacy.tombstones_backfilled';

export type Runtime = {
  config: Config;
  /** The database every adapter runs on (db/sql/database.ts): SQLite or PostgreSQL. */
  database: SqlDatabase;
  /** SQLite only (undefined on PostgreSQL): the drizzle handle, for what is about SQLite itself (benches, file tests). */
  sqlite?: Db;
  store: CrmStore;
  inbox: InboxQueue;
  tenancy: Tenancy;
  /** Named state of background jobs (job_state): scan marks, "done today" marks. */
  jobState: JobStatePort;
  /** crm's ports and read models for the HTTP edge (composition.ts). */
  ports: AppPorts;
  workerDeps: WorkerDeps;
  discountIssuers: DiscountIssuers;
  /** WooCommerce connect, backfill and reconcile (runtime.woocommerce.ts). */
  wooSync: WooSync;
  wooConnect: WooConnect;
  /** The installable Shopify app: session-token auth, token exchange, backfill (runtime.shopify.ts). */
  shopify: ShopifyApp;
  /** Mirrors synced segments at the stores: Shopify customer tags, WooCommerce customer meta (leader job). */
  segmentSync: SegmentSync;
  /** The webhooks consumer of the domain-event queue: fans events out to subscriptions (crm/webhooks). */
  webhookEvents: ConsumerDeps;
  /** The automation consumer of the domain-event queue: Shopify Flow triggers of stores that use them (crm/automation). */
  automationEvents: ConsumerDeps;
  /** Posts outbound webhook deliveries (crm/webhooks): the outbound policy's guarded fetch. */
  webhookPost: WebhookPost;
  /** Removes a store's webhooks at the platform and its keys here; customer data stays (runtime.disconnect.ts). */
  disconnect: Disconnect;
  /** Rate limits, one-time states and caches every web process shares: Redis (REDIS_URL) or the database. */
  sharedState: SharedState;
  /** Message channels and the sender's dependencies (runtime.messaging.ts). */
  messaging: MessagingRuntime;
  /** COD confirmation on WhatsApp and its store writes (crm/cod; the leader's job). */
  cod: CodDeps;
  /** The service inbox: tickets, support addresses, the inbound-mail queue and the listener's routing (runtime.service.ts). */
  service: ServiceRuntime;
  /** Closes Redis, stops the WAL checkpointer and closes the database. */
  close: () => Promise<void>;
};

/** Where platform API calls go (tests point Shopify's Admin API at a local server) and how often they retry. */
export type RuntimeOptions = {
  shopifyAdminOrigin?: (shop: string) => string;
  platformRetries?: number;
  shopifyBulk?: ShopifyAppOptions['bulk'];
} & WooRuntimeOptions;

export async function createRuntime(config: Config, logger: Logger, givenOptions: RuntimeOptions = {}): Promise<Runtime> {
  const adminOrigin = config.SHOPIFY_ADMIN_ORIGIN;
  const options: RuntimeOptions = {
    ...givenOptions,
    shopifyAdminOrigin: givenOptions.shopifyAdminOrigin ?? (adminOrigin ? () => adminOrigin : undefined),
  };
  const opened = await openRuntimeDatabase(config, logger);
  const { database } = opened;
  const encryptionKey = resolveEncryptionKey(config, opened.keyFile);
  // Shared with the Shopify installs: a connection read in an install opens its secrets through the tenancy.
  const connections = connectionsMemory();
  const tenancy = createTenancy(database, encryptionKey, connections);
  const tombstoneKey = deriveKey(encryptionKey, 'erasure-tombstones');
  // Once per database: people erased before tombstones existed get theirs (their platform ids).
  // Idempotent, so two processes starting together on PostgreSQL may both run it, harmlessly.
  const jobState = createJobState(database);
  if (!(await jobState.get(TOMBSTONES_BACKFILLED))) {
    await jobState.set(TOMBSTONES_BACKFILLED, { keys: await backfillErasureTombstones(database, tombstoneKey, new Date().toISOString()) });
  }
  // Process-wide: a unit of work that awaits I/O throws in development and test, is logged in production.
  configureUnitOfWorkGuard({ mode: config.NODE_ENV === 'production' ? 'log' : 'throw', logger: logger.child({ module: 'unit-of-work' }) });
  // Every unit of work keeps segment membership for the customers it changed (crm/segments/membership.store.ts)
  // and queues the new timeline entries its consumers subscribe to (crm/domain-events), segment changes included.
  const store = keepingSegmentMembership(
    queueingDomainEvents(createStore(database, { tombstoneKey, afterErasure: opened.afterErasure }), [
      flowsSubscription,
      webhooksSubscription,
      automationSubscription,
    ]),
  );
  // One database for the store and the inbox: a delivery's completion commits with its effects.
  const inbox: InboxQueue = opened.sqlite
    ? createSqliteInbox(opened.sqlite)
    : createPgInbox(database as PgDatabase, { leaseMs: config.INBOX_LEASE_MS, logger: logger.child({ module: 'inbox' }) });
  const workerDeps: WorkerDeps = {
    inbox,
    store,
    beat: { lastBeatAt: null },
    logger: logger.child({ module: 'inbox' }),
    maxAttempts: config.INBOX_MAX_ATTEMPTS,
    pollMs: config.INBOX_POLL_MS,
    adapters: { shopify: shopifyAdapter, woocommerce: wooAdapter },
    connections: connectionsRepo(database.x),
  };
  const outbound = createOutboundPolicy(outboundAllowList(config));
  const discountIssuers = createDiscountIssuers({
    secretsOf: async (id) => {
      const c = await tenancy.connection(id);
      return c ? tenancy.secrets(c) : null;
    },
    // App-store installs hold an offline session, not a connection token (called at redemption, after start-up).
    shopifyAppClient: (c) => shopify.adminClientFor(c.id),
    outbound,
    shopifyAdminOrigin: options.shopifyAdminOrigin,
    maxRetries: options.platformRetries,
    logger: logger.child({ module: 'discounts' }),
  });
  const sharedLog = logger.child({ module: 'shared-state' });
  const sharedState = config.REDIS_URL
    ? createRedisSharedState(createRedisClient(config.REDIS_URL, sharedLog), { prefix: config.REDIS_KEY_PREFIX, logger: sharedLog })
    : createDatabaseSharedState(database, { logger: sharedLog });
  const woo = createWooRuntime({ config, database, tenancy, store, logger, encryptionKey, outbound, sharedState }, options);
  const shopify = createShopifyRuntime(
    { config, logger, database, tenancy, connections, store, key: encryptionKey, cache: sharedState.cache },
    { originOf: options.shopifyAdminOrigin, maxRetries: options.platformRetries, bulk: options.shopifyBulk },
  );
  const disconnect = createDisconnectRuntime({ tenancy, shopify, wooSync: woo.wooSync });
  const segmentSync = createSegmentSync({
    sync: createSegmentSyncRepo(database),
    outbox: createSyncRepo(database).outbox,
    writers: { shopify: shopify.writeSegmentTags, woocommerce: (id, writes) => woo.wooSync.writeSegmentMeta(id, writes) },
  });
  const unsubscribeKey = deriveKey(encryptionKey, 'unsubscribe');
  const templating = { renderer: new TemplateRenderer(), facts: createMergeContextQuery(database) };
  const messagingSettings = createMessagingSettingsRepo(database);
  const service = createServiceRuntime({ config, database, store });
  const ports = createAppPorts(
    database,
    tenancy,
    encryptionKey,
    store,
    {
      unsubscribeKey,
      emailProvider: config.SMTP_URL ? 'smtp' : 'outbox',
      trackingKey: trackingKey(unsubscribeKey),
      settings: messagingSettings,
    },
    templating,
    service.ports,
  );
  const messaging = createMessagingRuntime({
    config,
    store,
    database,
    unsubscribeKey,
    whatsapp: ports.whatsapp,
    onInbound: inboundListeners(answerCodConfirmation, ticketFromWhatsApp),
    templating,
    settings: messagingSettings,
  });
  const cod: CodDeps = {
    store,
    templates: createMessageTemplatesRepo(database),
    facts: templating.facts,
    outbox: createSyncRepo(database).outbox,
    writers: { shopify: shopify.writeCodOrder, woocommerce: (id, order, action) => woo.wooSync.writeCodOrder(id, order, action) },
  };
  return {
    config,
    database,
    sqlite: opened.sqlite,
    store,
    inbox,
    tenancy,
    jobState,
    ports,
    workerDeps,
    discountIssuers,
    ...woo,
    shopify,
    segmentSync,
    disconnect,
    webhookPost: createWebhookPost(outbound),
    webhookEvents: webhooksConsumer({ store, webhooks: ports.webhooks }),
    automationEvents: automationConsumer({ store, send: shopify.sendFlowTrigger }),
    sharedState,
    messaging,
    cod,
    service,
    close: async () => {
      await messaging.close();
      await sharedState.close();
      await opened.close();
    },
  };
}

/** A WhatsApp message from a shopper goes to each listener in turn (COD answers, then the service inbox), in the same unit. */
function inboundListeners(...listeners: InboundListener[]): InboundListener {
  return async (repos, accountId, message) => {
    for (const listener of listeners) await listener(repos, accountId, message);
  };
}

/** Posts to a merchant's webhook URL: private addresses refused (OUTBOUND_ALLOW_PRIVATE aside), 10 s at most, no redirects followed. */
function createWebhookPost(policy: OutboundPolicy): WebhookPost {
  const fetch = createGuardedFetch(policy);
  return async (url, body, headers) => {
    const res = await fetch(url, { method: 'POST', body, headers, signal: AbortSignal.timeout(10_000) });
    return { status: res.status };
  };
}
