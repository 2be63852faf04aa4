import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { WooConnections } from './sync.service.ts';

// The WooCommerce sync's view of connections, over crm's connections port (which alone seals
// and opens secrets). Secrets are opened only when a sync or connect asks for them.

export function createWooConnections(tenancy: ConnectionsPort): WooConnections {
  const view = (c: ReturnType<ConnectionsPort['connection']>) => (c && c.platform === 'woocommerce'
    ? { id: c.id, accountId: c.accountId, domain: c.domain, currency: c.currency, country: c.country, status: c.status, secrets: () => tenancy.secrets(c) }
    : undefined);
  return {
    get: (id) => view(tenancy.connection(id)),
    byDomain: (domain) => view(tenancy.connectionByDomain('woocommerce', domain)),
    save: (c) => tenancy.upsertConnection({ ...c, platform: 'woocommerce' }).id,
    setTimeZone: (id, timezone) => tenancy.updateConnection(id, { timezone }),
    activeIds: () => tenancy.listConnections().filter((c) => c.platform === 'woocommerce' && c.status === 'active')
      .filter((c) => Boolean(tenancy.secrets(c).apiKey)).map((c) => c.id), // CLI-made ones without keys cannot sync
  };
}
