import { loyaltySummary } from '../../crm/loyalty/members.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { parseGid } from '../../platforms/shopify/gid.ts';
import { HttpError } from '../errors.ts';
import { extensionCustomerParams, extensionCustomerResponse } from './extensions.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// For Shopify admin UI extensions (the customer-details block): the block's fetch to the app
// carries an admin session token, checked by the admin auth middleware like the embedded panel's.
// The customer is looked up by (the token's shop, Shopify's customer id), so a shop sees only its
// own customers. Checkout and customer-account extension tokens must not reach these routes.

export function registerExtensionRoutes(registry: RouteRegistry, deps: { store: CrmStore; connections: ConnectionsPort }): void {
  registry.add({
    method: 'get',
    path: '/api/extensions/customer/:customerGid',
    tag: 'Extensions',
    auth: true,
    summary: 'Loyalty and lifetime value of a Shopify customer, for the admin customer-details block (Shopify admin session token only)',
    params: extensionCustomerParams,
    response: extensionCustomerResponse,
    errors: [400, 401, 403, 404],
    handler: async ({ params: p, req }) => {
      const auth = req.auth;
      if (auth?.via !== 'session-token')
        throw new HttpError('forbidden', 'This route serves Shopify admin extensions: send their session token');
      const c = await deps.connections.connectionByDomain('shopify', auth.shop);
      if (!c || c.accountId !== auth.accountId) throw new HttpError('not_found', 'This shop is not connected to Rapport');
      const externalId = parseGid(p.customerGid, 'Customer', { allowBareId: true }) ?? '';
      return deps.store.transaction(async (repos) => {
        const identity = await repos.customers.findIdentity(c.id, externalId);
        const customer =
          identity && !identity.deletedAt && identity.accountId === auth.accountId
            ? await repos.customers.get(auth.accountId, identity.customerId)
            : undefined;
        if (!customer)
          throw new HttpError('not_found', 'This customer has not reached Rapport yet (it syncs within a minute of any change)');
        const s = await loyaltySummary(repos, auth.accountId, customer.id);
        const next = s.tierProgress.nextTier;
        return {
          customerId: customer.id,
          name: [customer.firstName, customer.lastName].filter(Boolean).join(' ') || null,
          balance: s.balance,
          pending: s.pending,
          lifetimeEarned: s.lifetimeEarned,
          tier: s.tier?.name ?? null,
          nextTier: next ? { name: next.name, remaining: s.tierProgress.remaining, metric: s.tierProgress.metric } : null,
          ordersCount: customer.ordersCount,
          lifetimeValue: { amountMinor: customer.amountSpentMinor, currency: customer.currency },
          profilePath: `/customers/${customer.id}`,
        };
      });
    },
  });
}
