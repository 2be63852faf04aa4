import type { Request } from 'express';
import type { WooConnect, ConnectFailure } from '../../platforms/woocommerce/connect.service.ts';
import type { WooSync } from '../../platforms/woocommerce/sync.service.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import {
  wooAuthorizeQuery,
  wooAuthorizeResponse,
  wooConnectBody,
  wooConnectResponse,
  wooReconcileBody,
  wooReconcileResponse,
  wooSyncResponse,
} from './woocommerce.schemas.ts';

// WooCommerce connect (pasted keys or the wc-auth key flow; its callback is
// http/callbacks/platform-callbacks.ts) and sync visibility. Paths sit under
// /api/connections/woocommerce/... so a platform-neutral /api/connections/:id/... stays free.

function fail(f: ConnectFailure): never {
  throw new HttpError(f.kind, f.message, { reason: f.reason });
}

export function registerWooCommerceRoutes(
  registry: RouteRegistry,
  deps: { connections: ConnectionsPort; wooSync: WooSync; wooConnect: WooConnect },
): void {
  const { connections, wooSync, wooConnect } = deps;
  const own = async (req: Request, id: string) => {
    const c = await connections.connection(id);
    if (!c || c.platform !== 'woocommerce' || c.accountId !== accountOf(req))
      throw new HttpError('not_found', 'No such WooCommerce connection');
    return c;
  };

  registry.add({
    method: 'post',
    path: '/api/connections/woocommerce',
    tag: 'Stores',
    auth: true,
    summary: 'Connect a WooCommerce store with REST keys: tested, stored sealed, webhooks registered, backfill started',
    body: wooConnectBody,
    errors: [400, 409, 503],
    response: wooConnectResponse,
    handler: async ({ body, req }) => {
      const r = await wooConnect.connectWithKeys(accountOf(req), body);
      if (!r.ok) fail(r);
      return {
        connection: { id: r.connectionId, domain: r.domain, currency: r.currency },
        webhooks: r.webhooks,
        backfill: 'started' as const,
      };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/connections/woocommerce/authorize-url',
    tag: 'Stores',
    auth: true,
    summary:
      "The shop's /wc-auth/v1/authorize address: the merchant approves Rapport there and WooCommerce posts the keys to /wc-auth/callback",
    query: wooAuthorizeQuery,
    errors: [400, 409, 503],
    response: wooAuthorizeResponse,
    handler: async ({ query, req }) => {
      const r = await wooConnect.authorizeUrl(accountOf(req), query.url);
      if (!r.ok) fail(r);
      return { url: r.url, expiresAt: r.expiresAt };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/connections/woocommerce/:id/sync',
    tag: 'Stores',
    auth: true,
    summary: 'Sync state of a WooCommerce store: recent backfill/reconcile runs with progress, watermarks, webhook health',
    params: idParams,
    errors: [404],
    response: wooSyncResponse,
    handler: async ({ params, req }) => {
      await own(req, params.id);
      const { runs, state, webhooks } = await wooSync.status(params.id);
      // Named fields only: a run also holds its account and cursor, the state Shopify's scopes.
      return {
        runs: runs.map(
          ({ id, kind, resource, status, total, done, note, noteCode, noteParams, error, startedAt, updatedAt, finishedAt }) => ({
            id,
            kind,
            resource,
            status,
            total,
            done,
            percentage: total ? Math.min(100, Math.round((done / total) * 1000) / 10) : status === 'completed' ? 100 : null,
            note,
            noteCode,
            noteParams,
            error,
            startedAt,
            updatedAt,
            finishedAt,
          }),
        ),
        state: {
          ordersWatermark: state.ordersWatermark,
          customersWatermark: state.customersWatermark,
          lastReconcileAt: state.lastReconcileAt,
          webhooksCheckedAt: state.webhooksCheckedAt,
        },
        webhooks,
      };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/connections/woocommerce/:id/reconcile',
    tag: 'Stores',
    auth: true,
    status: 200,
    summary: 'Run the reconcile now (webhooks repaired, missed orders pulled); fullCustomers re-pulls every customer',
    params: idParams,
    body: wooReconcileBody,
    errors: [404, 503],
    response: wooReconcileResponse,
    handler: async ({ params, body, req }) => {
      await own(req, params.id);
      try {
        return await wooSync.reconcile(params.id, { fullCustomers: body.fullCustomers });
      } catch (err) {
        throw new HttpError('unavailable', `Reconcile failed: ${err instanceof Error ? err.message : String(err)}`);
      }
    },
  });
}
