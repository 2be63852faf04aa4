import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { type Config, ConfigError, decodeKey, outboundAllowList, sqlitePath } from './config/config.ts';
import { openDatabase, runMigrations, type Db } from './db/client.ts';
import { createSqliteInbox } from './db/inbox.sqlite.ts';
import { createStore } from './db/store.ts';
import { sqliteDatabase, type SqlDatabase } from './db/sql/database.ts';
import { sqliteExecutor } from './db/sql/executor.ts';
import { connectionsRepo } from './db/repos/connections.repo.ts';
import { backfillErasureTombstones } from './db/repos/compliance.repo.ts';
import { jobStateRows } from './db/job-state.repo.ts';
import { createTenancy, type Tenancy } from './db/tenancy.repo.ts';
import { startWalCheckpointer } from './db/wal-checkpointer.ts';
import { deriveKey } from './lib/crypto.ts';
import type { CrmStore } from './crm/store.port.ts';
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
import { configureUnitOfWorkGuard } from './lib/unit-of-work.guard.ts';
import { createAppPorts } from './composition.ts';
import { createDatabaseSharedState } from './db/shared-state.repo.ts';
import type { SharedState } from './lib/shared-state.ts';
import { createRedisClient, createRedisSharedState } from './shared-state/redis.ts';
import type { AppPorts } from './http/app.ts';

// Wires the default (SQLite) implementations together; main.ts, the CLI and tests share it.

export type Runtime = {
  config: Config;
  /** The database every adapter runs on (db/sql/database.ts): SQLite or PostgreSQL. */
  database: SqlDatabase;
  /** SQLite only, until every adapter runs on `database` (#15). */
  db: Db;
  store: CrmStore;
  inbox: InboxQueue;
  tenancy: Tenancy;
  /** crm's ports and read models for the HTTP edge (composition.ts). */
  ports: AppPorts;
  workerDeps: WorkerDeps;
  discountIssuers: DiscountIssuers;
  /** WooCommerce connect, backfill and reconcile (runtime.woocommerce.ts). */
  wooSync: WooSync;
  wooConnect: WooConnect;
  /** The installable Shopify app: session-token auth, token exchange, backfill (runtime.shopify.ts). */
  shopify: ShopifyApp;
  /** Removes a store's webhooks at the platform and its keys here; customer data stays (runtime.disconnect.ts). */
  disconnect: Disconnect;
  /** Rate limits, one-time states and caches every web process shares: Redis (REDIS_URL) or the database. */
  sharedState: SharedState;
  /** Closes Redis, stops the WAL checkpointer and closes the database. */
  close: () => Promise<void>;
};

/** Where platform API calls go (tests point Shopify's Admin API at a local server) and how often they retry. */
export type RuntimeOptions = {
  shopifyAdminOrigin?: (shop: string) => string;
  platformRetries?: number;
  shopifyBulk?: ShopifyAppOptions['bulk'];
} & WooRuntimeOptions;

/**
 * ENCRYPTION_KEY is required in production. In development a key is generated once and kept
 * beside the database, so `npm start` works with no set-up and tokens stay readable across runs.
 */
function resolveEncryptionKey(config: Config, dbPath: string): Buffer {
  if (config.ENCRYPTION_KEY) return decodeKey(config.ENCRYPTION_KEY)!;
  if (config.NODE_ENV === 'production') throw new ConfigError(['ENCRYPTION_KEY: required in production']);
  const file = dbPath === ':memory:' ? null : join(dirname(resolve(dbPath)), 'encryption.key');
  if (!file) return randomBytes(32);
  if (existsSync(file)) return decodeKey(readFileSync(file, 'utf8').trim()) ?? failKey(file);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('hex'), { mode: 0o600 });
  return key;
}

function failKey(file: string): never {
  throw new ConfigError([`ENCRYPTION_KEY: ${file} does not hold a 32-byte hex key`]);
}

export async function createRuntime(config: Config, logger: Logger, givenOptions: RuntimeOptions = {}): Promise<Runtime> {
  const adminOrigin = config.SHOPIFY_ADMIN_ORIGIN;
  const options: RuntimeOptions = {
    ...givenOptions,
    shopifyAdminOrigin: givenOptions.shopifyAdminOrigin ?? (adminOrigin ? () => adminOrigin : undefined),
  };
  const path = sqlitePath(config.DATABASE_URL);
  const background = path !== ':memory:';
  const db = openDatabase(path, { synchronous: config.SQLITE_SYNCHRONOUS, checkpoints: background ? 'background' : 'inline' });
  const checkpointer = background ? startWalCheckpointer(path, logger) : undefined;
  runMigrations(db);
  const database = sqliteDatabase(db);
  const encryptionKey = resolveEncryptionKey(config, path);
  const tenancy = createTenancy(db, encryptionKey);
  const tombstoneKey = deriveKey(encryptionKey, 'erasure-tombstones');
  // Once per database: people erased before tombstones existed get theirs (their platform ids).
  // A SQLite-only step at start-up (a PostgreSQL store starts with tombstones), so synchronous.
  const jobState = jobStateRows(db);
  if (!jobState.get('privacy.tombstones_backfilled')) {
    jobState.set('privacy.tombstones_backfilled', { keys: backfillErasureTombstones(db, tombstoneKey, new Date().toISOString()) });
  }
  // Process-wide: a unit of work that awaits I/O throws in development and test, is logged in production.
  configureUnitOfWorkGuard({ mode: config.NODE_ENV === 'production' ? 'log' : 'throw', logger: logger.child({ module: 'unit-of-work' }) });
  const store = createStore(database, {
    tombstoneKey,
    // Erased data must not stay readable in the WAL: truncate it, off the event loop when possible.
    afterErasure: () => (checkpointer ? checkpointer.truncate() : void db.$client.pragma('wal_checkpoint(TRUNCATE)')),
  });
  const inbox = createSqliteInbox(db);
  const workerDeps: WorkerDeps = {
    inbox,
    store,
    beat: { lastBeatAt: null },
    logger: logger.child({ module: 'inbox' }),
    maxAttempts: config.INBOX_MAX_ATTEMPTS,
    pollMs: config.INBOX_POLL_MS,
    adapters: { shopify: shopifyAdapter, woocommerce: wooAdapter },
    connections: connectionsRepo(sqliteExecutor(db.$client)),
  };
  const outbound = createOutboundPolicy(outboundAllowList(config));
  const discountIssuers = createDiscountIssuers({
    secretsOf: async (id) => {
      const c = await tenancy.connection(id);
      return c ? tenancy.secrets(c) : null;
    },
    outbound,
    shopifyAdminOrigin: options.shopifyAdminOrigin,
    maxRetries: options.platformRetries,
    logger: logger.child({ module: 'discounts' }),
  });
  const sharedLog = logger.child({ module: 'shared-state' });
  const sharedState = config.REDIS_URL
    ? createRedisSharedState(createRedisClient(config.REDIS_URL, sharedLog), { prefix: config.REDIS_KEY_PREFIX, logger: sharedLog })
    : createDatabaseSharedState(database, { logger: sharedLog });
  const woo = createWooRuntime({ config, db, tenancy, store, logger, encryptionKey, outbound, sharedState }, options);
  const shopify = createShopifyRuntime(
    { config, logger, db, tenancy, store, key: encryptionKey, cache: sharedState.cache },
    { originOf: options.shopifyAdminOrigin, maxRetries: options.platformRetries, bulk: options.shopifyBulk },
  );
  const disconnect = createDisconnectRuntime({ tenancy, shopify, wooSync: woo.wooSync });
  return {
    config,
    database,
    db,
    store,
    inbox,
    tenancy,
    ports: createAppPorts(db, tenancy, encryptionKey),
    workerDeps,
    discountIssuers,
    ...woo,
    shopify,
    disconnect,
    sharedState,
    close: async () => {
      await sharedState.close();
      // The checkpointer's connection goes first, so nothing holds the files once this resolves.
      await checkpointer?.stop();
      db.$client.close();
    },
  };
}
