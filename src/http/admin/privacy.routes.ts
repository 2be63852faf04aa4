import { eraseOneCustomer, exportOneCustomer, fulfilDataRequest } from '../../crm/compliance/compliance.service.ts';
import type { DataRequestsPort } from '../../crm/compliance/data-requests.port.ts';
import type { CustomerQueriesPort } from '../../crm/customers/customer-queries.port.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf, actorOf, customerIdOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { dataRequestsResponse, eraseBody, eraseResponse, exportDocument, fulfilResponse } from './privacy.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Privacy: the stores' compliance data requests (Shopify customers/data_request), which the
// merchant lists, downloads and marks handed over; and one customer's export and erasure on the
// merchant's own initiative. Always scoped to the caller's account.

export function registerPrivacyRoutes(
  registry: RouteRegistry,
  deps: { dataRequests: DataRequestsPort; customers: CustomerQueriesPort; store: CrmStore },
): void {
  const { dataRequests, customers, store } = deps;

  registry.add({
    method: 'get',
    path: '/api/privacy/data-requests',
    tag: 'Privacy',
    auth: true,
    summary: "Customers' data requests from the stores, newest first",
    response: dataRequestsResponse,
    handler: async ({ req }) => ({ dataRequests: await dataRequests.list(accountOf(req)) }),
  });

  registry.add({
    method: 'get',
    path: '/api/privacy/data-requests/:id/export',
    tag: 'Privacy',
    auth: true,
    summary:
      'The data held on the customer when the request arrived (each profile as in GET /api/customers/{id}/export), as a JSON download',
    params: idParams,
    response: exportDocument,
    errors: [404],
    handler: async ({ params, req, res }) => {
      const data = await dataRequests.exportOf(accountOf(req), params.id);
      if (!data) throw new HttpError('not_found', 'No such data request');
      res.setHeader('content-disposition', `attachment; filename="data-request-${params.id}.json"`);
      res.setHeader('cache-control', 'no-store');
      return data;
    },
  });

  registry.add({
    method: 'post',
    path: '/api/privacy/data-requests/:id/fulfil',
    tag: 'Privacy',
    auth: true,
    summary: 'Mark a data request handed over to the customer',
    params: idParams,
    response: fulfilResponse,
    errors: [404],
    status: 200,
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const found = await store.transaction((repos) => fulfilDataRequest(repos, accountId, params.id, new Date().toISOString()));
      if (!found) throw new HttpError('not_found', 'No such data request');
      return { fulfilled: true };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/customers/:id/export',
    tag: 'Customers',
    auth: true,
    summary:
      'Everything Rapport holds on the customer (profile, identities, addresses, orders, points, redemptions, notes, timeline) as a JSON download',
    params: idParams,
    response: exportDocument,
    errors: [404],
    handler: async ({ params, req, res }) => {
      const id = await customerIdOf(customers, accountOf(req), params.id);
      const data = await store.transaction((repos) => exportOneCustomer(repos, id, new Date().toISOString()));
      res.setHeader('content-disposition', `attachment; filename="customer-${id}.json"`);
      res.setHeader('cache-control', 'no-store');
      return data;
    },
  });

  registry.add({
    method: 'post',
    path: '/api/customers/:id/erase',
    tag: 'Customers',
    auth: true,
    summary: "Erase the customer's personal data everywhere (orders stay, anonymous, for the statistics); confirm with the customer's id",
    params: idParams,
    body: eraseBody,
    response: eraseResponse,
    errors: [400, 404],
    status: 200,
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      const id = await customerIdOf(customers, accountId, params.id);
      if (body.confirm !== id && body.confirm !== params.id) {
        throw new HttpError('invalid', "Type the customer's id to confirm", [{ path: 'confirm', message: `Type ${id} to confirm` }]);
      }
      await store.transaction((repos) => eraseOneCustomer(repos, accountId, id, actorOf(req), new Date().toISOString()));
      return { erased: true, customerId: id };
    },
  });
}
