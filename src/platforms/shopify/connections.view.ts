import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { ShopifyConnection, ShopifyConnections } from './app.service.ts';

// The Shopify app's view of connections and accounts, over crm's tenancy ports (which alone seal and
// open secrets). A token is opened only when the app asks for it.

export function createShopifyConnections(tenancy: ConnectionsPort & AccountsPort): ShopifyConnections {
  const view = (c: ReturnType<ConnectionsPort['connection']>): ShopifyConnection | undefined => (c && c.platform === 'shopify'
    ? {
      id: c.id, accountId: c.accountId, domain: c.domain, name: c.name, currency: c.currency, country: c.country, status: c.status,
      accessToken: () => tenancy.secrets(c).accessToken,
    }
    : undefined);
  return {
    get: (id) => view(tenancy.connection(id)),
    withStatus: (status) => tenancy.listConnections().filter((c) => c.platform === 'shopify' && c.status === status)
      .map((c) => view(tenancy.connection(c.id))).filter((c): c is ShopifyConnection => c !== undefined),
    save: (c) => tenancy.upsertConnection({ ...c, platform: 'shopify' }).id,
    update: (id, patch) => tenancy.updateConnection(id, patch),
    accountExists: (id) => Boolean(tenancy.getAccount(id)),
    createAccount: (name, currency) => tenancy.createAccount(name, currency),
  };
}
