import type { Connection, ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { WooConnections } from './sync.service.ts';

// The WooCommerce sync's view of connections, over crm's connections port (which alone seals
// and opens secrets). Secrets are opened only when a sync or connect asks for them.

export function createWooConnections(tenancy: ConnectionsPort): WooConnections {
  const view = (c: Connection | undefined) =>
    c && c.platform === 'woocommerce'
      ? {
          id: c.id,
          accountId: c.accountId,
          domain: c.domain,
          currency: c.currency,
          country: c.country,
          status: c.status,
          secrets: () => tenancy.secrets(c),
        }
      : undefined;
  return {
    get: async (id) => view(await tenancy.connection(id)),
    byDomain: async (domain) => view(await tenancy.connectionByDomain('woocommerce', domain)),
    save: async (c) => (await tenancy.upsertConnection({ ...c, platform: 'woocommerce' })).id,
    setTimeZone: (id, timezone) => tenancy.updateConnection(id, { timezone }),
    async activeIds() {
      const active = (await tenancy.listConnections()).filter((c) => c.platform === 'woocommerce' && c.status === 'active');
      const keys = await Promise.all(active.map(async (c) => Boolean((await tenancy.secrets(c)).apiKey)));
      return active.filter((_, i) => keys[i]).map((c) => c.id); // CLI-made ones without keys cannot sync
    },
  };
}
