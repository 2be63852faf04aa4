import { z } from 'zod';
import { fulfilDataRequest } from '../../crm/compliance/compliance.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { DataRequestQueries } from '../../crm/compliance/data-requests.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import type { RouteRegistry } from './registry.ts';

// Compliance data requests (Shopify customers/data_request): the merchant lists them, downloads
// each export to hand over, and marks it handed over. Always scoped to the caller's account.

const idParams = z.strictObject({ id: z.string().min(1).max(100) });
const dataRequest = z.object({
  id: z.string(), connectionId: z.string(), store: z.string(), platform: z.string(), externalRequestId: z.string().nullable(),
  customer: z.object({ externalId: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }).describe('Who the store asked about'),
  profilesFound: z.number().describe('Profiles matched when the request arrived'), createdAt: z.string(), fulfilledAt: z.string().nullable(),
});

export function registerPrivacyRoutes(registry: RouteRegistry, deps: { dataRequests: DataRequestQueries; store: CrmStore }): void {
  const { dataRequests, store } = deps;

  registry.add({
    method: 'get', path: '/api/privacy/data-requests', tag: 'Privacy', auth: true, summary: "Customers' data requests from the stores, newest first",
    response: z.object({ dataRequests: z.array(dataRequest) }),
    handler: ({ req }) => ({ dataRequests: dataRequests.list(accountOf(req)) }),
  });

  registry.add({
    method: 'get', path: '/api/privacy/data-requests/:id/export', tag: 'Privacy', auth: true,
    summary: 'The data held on the customer when the request arrived (each profile as in GET /api/customers/{id}/export), as a JSON download',
    params: idParams, response: z.record(z.string(), z.unknown()), errors: [404],
    handler: ({ params, req, res }) => {
      const data = dataRequests.exportOf(accountOf(req), params.id);
      if (!data) throw new HttpError('not_found', 'No such data request');
      res.setHeader('content-disposition', `attachment; filename="data-request-${params.id}.json"`);
      res.setHeader('cache-control', 'no-store');
      return data;
    },
  });

  registry.add({
    method: 'post', path: '/api/privacy/data-requests/:id/fulfil', tag: 'Privacy', auth: true, summary: 'Mark a data request handed over to the customer',
    params: idParams, response: z.object({ fulfilled: z.boolean() }), errors: [404], status: 200,
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const found = await store.transaction((repos) => fulfilDataRequest(repos, accountId, params.id, new Date().toISOString()));
      if (!found) throw new HttpError('not_found', 'No such data request');
      return { fulfilled: true };
    },
  });
}
