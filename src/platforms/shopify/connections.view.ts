import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import type { Connection, ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { ShopifyConnection, ShopifyConnections } from './app.service.ts';

// The Shopify app's view of connections and accounts, over crm's tenancy ports (which alone seal and
// open secrets). A token is opened only when the app asks for it.

export function createShopifyConnections(tenancy: ConnectionsPort & AccountsPort): ShopifyConnections {
  const view = (c: Connection | undefined): ShopifyConnection | undefined =>
    c && c.platform === 'shopify'
      ? {
          id: c.id,
          accountId: c.accountId,
          domain: c.domain,
          name: c.name,
          currency: c.currency,
          country: c.country,
          status: c.status,
          accessToken: async () => (await tenancy.secrets(c)).accessToken,
        }
      : undefined;
  return {
    get: async (id) => view(await tenancy.connection(id)),
    withStatus: async (status) =>
      (await tenancy.listConnections())
        .filter((c) => c.platform === 'shopify' && c.status === status)
        .map(view)
        .filter((c): c is ShopifyConnection => c !== undefined),
    save: async (c) => (await tenancy.upsertConnection({ ...c, platform: 'shopify' })).id,
    update: (id, patch) => tenancy.updateConnection(id, patch),
    accountExists: async (id) => Boolean(await tenancy.getAccount(id)),
    createAccount: (name, currency) => tenancy.createAccount(name, currency),
  };
}
