import { publicUrl, type Config } from './config/config.ts';
import type { CrmStore } from './crm/store.port.ts';
import type { SqlDatabase } from './db/sql/database.ts';
import type { ConnectionsMemory } from './db/tenancy/connections.repo.ts';
import { createJobState } from './db/job-state.repo.ts';
import { createLoyaltyWritebackQuery } from './db/loyalty-writeback.query.ts';
import { createShopifyConnections } from './platforms/shopify/connections.view.ts';
import { createShopifyInstalls } from './db/shopify-installs.repo.ts';
import { createShopifySessionStorage } from './db/shopify-sessions.repo.ts';
import { createSyncRepo } from './db/sync.repo.ts';
import type { Tenancy } from './db/tenancy.repo.ts';
import type { Logger } from './lib/logger.ts';
import type { SharedCache } from './lib/shared-state.ts';
import { createShopifyApp, type ShopifyApp, type ShopifyAppOptions } from './platforms/shopify/app.service.ts';
import type { ScanMark } from './platforms/shopify/writeback.service.ts';

// Wires the installable Shopify app (platforms/shopify/app.service.ts) onto the SQLite store
// (kept apart from runtime.ts, which only calls this).

const WRITEBACK_MARK = 'shopify.loyalty_metafields.scan';

export function createShopifyRuntime(
  deps: {
    config: Config;
    logger: Logger;
    database: SqlDatabase;
    tenancy: Tenancy;
    connections: ConnectionsMemory;
    store: CrmStore;
    key: Buffer;
    cache: SharedCache;
  },
  options: ShopifyAppOptions = {},
): ShopifyApp {
  const { config } = deps;
  const { runs, outbox } = createSyncRepo(deps.database);
  const jobState = createJobState(deps.database);
  return createShopifyApp(
    {
      credentials:
        config.SHOPIFY_API_KEY && config.SHOPIFY_API_SECRET
          ? {
              apiKey: config.SHOPIFY_API_KEY,
              apiSecret: config.SHOPIFY_API_SECRET,
              previousSecret: config.SHOPIFY_API_SECRET_PREVIOUS,
              appUrl: config.SHOPIFY_APP_URL,
            }
          : null,
      publicUrl: publicUrl(config),
      connections: createShopifyConnections(deps.tenancy),
      sessions: createShopifySessionStorage(deps.database, deps.key),
      installs: createShopifyInstalls(deps.database, deps.key, deps.connections),
      runs,
      outbox,
      store: deps.store,
      logger: deps.logger,
      cache: deps.cache,
      loyaltyChanges: createLoyaltyWritebackQuery(deps.database),
      writebackMarks: { load: () => jobState.get<ScanMark>(WRITEBACK_MARK), save: (mark, at) => jobState.set(WRITEBACK_MARK, mark, at) },
    },
    options,
  );
}
