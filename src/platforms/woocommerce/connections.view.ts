import type { WooConnections } from '../platforms/woocommerce/sync.service.ts';
import type { Tenancy } from './tenancy.repo.ts';

// The WooCommerce sync's view of connections, over the tenancy repo (which alone seals and
// opens secrets). Secrets are opened only when a sync or connect asks for them.

export function createWooConnections(tenancy: Tenancy): WooConnections {
  const view = (c: ReturnType<Tenancy['connection']>) => (c && c.platform === 'woocommerce'
    ? { id: c.id, accountId: c.accountId, domain: c.domain, currency: c.currency, country: c.country, status: c.status, secrets: () => tenancy.secrets(c) }
    : undefined);
  return {
    get: (id) => view(tenancy.connection(id)),
    byDomain: (domain) => view(tenancy.connectionByDomain('woocommerce', domain)),
    save: (c) => tenancy.upsertConnection({ ...c, platform: 'woocommerce' }).id,
    activeIds: () => tenancy.listConnections().filter((c) => c.platform === 'woocommerce' && c.status === 'active')
      .filter((c) => Boolean(tenancy.secrets(c).apiKey)).map((c) => c.id), // CLI-made ones without keys cannot sync
  };
}
