import type { Request } from 'express';
import { z } from 'zod';
import type { WooConnect, ConnectFailure } from '../../platforms/woocommerce/connect.service.ts';
import type { WooSync } from '../../platforms/woocommerce/sync.service.ts';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import { runNote } from './sync.schemas.ts';

// WooCommerce connect (pasted keys or the wc-auth key flow; its callback is
// http/callbacks/platform-callbacks.ts) and sync visibility. Paths sit under
// /api/connections/woocommerce/... so a platform-neutral /api/connections/:id/... stays free.

const siteUrl = z.string().trim().min(1).max(2000);
const connectBody = z.strictObject({
  url: siteUrl,
  consumerKey: z.string().trim().regex(/^ck_\w{8,64}$/, 'a WooCommerce consumer key starts with ck_'),
  consumerSecret: z.string().trim().regex(/^cs_\w{8,64}$/, 'a WooCommerce consumer secret starts with cs_'),
});
const webhookHealth = z.object({ topic: z.string(), id: z.string().nullable(), status: z.string(), action: z.string() });
const syncRun = z.object({
  id: z.string(), kind: z.string(), resource: z.string(), status: z.string(), total: z.number().nullable(), done: z.number(), percentage: z.number().nullable(),
  ...runNote, error: z.string().nullable(), startedAt: z.string(), updatedAt: z.string(), finishedAt: z.string().nullable(),
});

function fail(f: ConnectFailure): never {
  throw new HttpError(f.kind, f.message, { reason: f.reason });
}

export function registerWooCommerceRoutes(registry: RouteRegistry, deps: { connections: ConnectionsPort; wooSync: WooSync; wooConnect: WooConnect }): void {
  const { connections, wooSync, wooConnect } = deps;
  const own = async (req: Request, id: string) => {
    const c = await connections.connection(id);
    if (!c || c.platform !== 'woocommerce' || c.accountId !== accountOf(req)) throw new HttpError('not_found', 'No such WooCommerce connection');
    return c;
  };

  registry.add({
    method: 'post', path: '/api/connections/woocommerce', tag: 'Stores', auth: true,
    summary: 'Connect a WooCommerce store with REST keys: tested, stored sealed, webhooks registered, backfill started',
    body: connectBody, errors: [400, 409, 503],
    response: z.object({ connection: z.object({ id: z.string(), domain: z.string(), currency: z.string() }), webhooks: z.array(webhookHealth), backfill: z.literal('started') }),
    handler: async ({ body, req }) => {
      const r = await wooConnect.connectWithKeys(accountOf(req), body);
      if (!r.ok) fail(r);
      return { connection: { id: r.connectionId, domain: r.domain, currency: r.currency }, webhooks: r.webhooks, backfill: 'started' as const };
    },
  });

  registry.add({
    method: 'get', path: '/api/connections/woocommerce/authorize-url', tag: 'Stores', auth: true,
    summary: "The shop's /wc-auth/v1/authorize address: the merchant approves Rapport there and WooCommerce posts the keys to /wc-auth/callback",
    query: z.strictObject({ url: siteUrl }), errors: [400, 409, 503],
    response: z.object({ url: z.string(), expiresAt: z.string() }),
    handler: async ({ query, req }) => {
      const r = await wooConnect.authorizeUrl(accountOf(req), query.url);
      if (!r.ok) fail(r);
      return { url: r.url, expiresAt: r.expiresAt };
    },
  });

  registry.add({
    method: 'get', path: '/api/connections/woocommerce/:id/sync', tag: 'Stores', auth: true,
    summary: 'Sync state of a WooCommerce store: recent backfill/reconcile runs with progress, watermarks, webhook health',
    params: idParams, errors: [404],
    response: z.object({
      runs: z.array(syncRun),
      state: z.object({ ordersWatermark: z.string().nullable(), customersWatermark: z.string().nullable(), lastReconcileAt: z.string().nullable(), webhooksCheckedAt: z.string().nullable() }),
      webhooks: z.union([z.array(webhookHealth), z.object({ error: z.string() })]),
    }),
    handler: async ({ params, req }) => {
      await own(req, params.id);
      const view = await wooSync.status(params.id);
      return {
        ...view,
        runs: view.runs.map(({ connectionId: _c, cursor: _k, ...r }) => ({
          ...r, percentage: r.total ? Math.min(100, Math.round((r.done / r.total) * 1000) / 10) : r.status === 'completed' ? 100 : null,
        })),
      };
    },
  });

  registry.add({
    method: 'post', path: '/api/connections/woocommerce/:id/reconcile', tag: 'Stores', auth: true, status: 200,
    summary: 'Run the reconcile now (webhooks repaired, missed orders pulled); fullCustomers re-pulls every customer',
    params: idParams, body: z.strictObject({ fullCustomers: z.boolean().default(false) }), errors: [404, 503],
    response: z.object({ orders: z.number(), trashed: z.number(), customers: z.number(), ordersWatermark: z.string().nullable(), webhooks: z.array(webhookHealth) }),
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
