import type { Tenancy } from './db/tenancy.repo.ts';
import { createDisconnect, type Disconnect } from './platforms/disconnect.service.ts';
import type { ShopifyApp } from './platforms/shopify/app.service.ts';
import type { WooSync } from './platforms/woocommerce/sync.service.ts';

// Wires disconnecting a store (platforms/disconnect.service.ts) onto the tenancy repo and both
// platforms' services (kept apart from runtime.ts, which only calls this).

export function createDisconnectRuntime(deps: { tenancy: Tenancy; shopify: ShopifyApp; wooSync: WooSync }): Disconnect {
  return createDisconnect({
    connections: { get: (id) => deps.tenancy.connection(id), disconnect: (id) => deps.tenancy.disconnectConnection(id) },
    shopify: deps.shopify,
    woocommerce: deps.wooSync,
  });
}
