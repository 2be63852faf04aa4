import { publicUrl, type Config } from './config/config.ts';
import type { SqlDatabase } from './db/sql/database.ts';
import { createSyncRepo } from './db/sync.repo.ts';
import { recorderOver } from './platforms/woocommerce/sync.port.ts';
import type { Tenancy } from './db/tenancy.repo.ts';
import { createWooConnections } from './platforms/woocommerce/connections.view.ts';
import type { CrmStore } from './crm/store.port.ts';
import { hmacSha256 } from './lib/crypto.ts';
import type { Logger } from './lib/logger.ts';
import type { SharedState } from './lib/shared-state.ts';
import type { OutboundPolicy } from './lib/outbound-address.ts';
import { createWooConnect, type WooConnect } from './platforms/woocommerce/connect.service.ts';
import type { FetchLike } from './platforms/woocommerce/rest.http.ts';
import { createWooSync, type WooSync } from './platforms/woocommerce/sync.service.ts';

// Wires the WooCommerce sync (kept apart from runtime.ts, which only calls this).

export type WooRuntimeOptions = {
  /** Tests only: connect http:// shops on loopback hosts (the local fake). Never set in production. */
  wooAllowHttpLoopback?: boolean;
  wooFetch?: FetchLike;
  platformRetries?: number;
};

export function createWooRuntime(
  deps: {
    config: Config;
    database: SqlDatabase;
    tenancy: Tenancy;
    store: CrmStore;
    logger: Logger;
    encryptionKey: Buffer;
    outbound: OutboundPolicy;
    sharedState: SharedState;
  },
  options: WooRuntimeOptions = {},
): { wooSync: WooSync; wooConnect: WooConnect } {
  // A key of its own for the wc-auth state, derived so the encryption key is never used twice.
  const stateKey = Buffer.from(hmacSha256(deps.encryptionKey, 'rapport:wc-auth-state:v1', 'hex'), 'hex');
  const wooSync = createWooSync({
    connections: createWooConnections(deps.tenancy),
    store: deps.store,
    recorder: recorderOver(createSyncRepo(deps.database).runs),
    logger: deps.logger,
    publicUrl: publicUrl(deps.config),
    stateKey,
    allowHttpLoopback: options.wooAllowHttpLoopback === true,
    maxRetries: options.platformRetries,
    outbound: deps.outbound,
    fetch: options.wooFetch,
  });
  return { wooSync, wooConnect: createWooConnect(wooSync, deps.sharedState) };
}
