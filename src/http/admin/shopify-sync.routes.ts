import type { Request } from 'express';
import type { z } from 'zod';
import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { SyncRun } from '../../crm/sync/sync.port.ts';
import type { ShopifyApp } from '../../platforms/shopify/app.service.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import type { shopifyRunView } from './shopify-sync.schemas.ts';
import { shopifyBackfillResponse, shopifySyncResponse } from './shopify-sync.schemas.ts';

// The Shopify import button and its progress (records done, percentage, ETA, notes such as the
// missing read_all_orders scope). Only the account's own Shopify connections are visible.

export function progressOf(run: SyncRun, now = Date.now()): z.infer<typeof shopifyRunView> {
  const percentage = run.status === 'completed' ? 100 : run.total ? Math.min(100, Math.round((run.done / run.total) * 1000) / 10) : null;
  const elapsed = (now - Date.parse(run.startedAt)) / 1000;
  const rate = elapsed > 0 ? run.done / elapsed : 0;
  const etaSeconds = run.status === 'running' && run.total && rate > 0 ? Math.max(0, Math.round((run.total - run.done) / rate)) : null;
  const { id, kind, resource, status, total, done, note, noteCode, noteParams, error, startedAt, updatedAt, finishedAt } = run;
  return {
    id,
    kind,
    resource,
    status,
    total,
    done,
    percentage,
    etaSeconds,
    note,
    noteCode,
    noteParams,
    error,
    startedAt,
    updatedAt,
    finishedAt,
  };
}

export function registerShopifySyncRoutes(registry: RouteRegistry, deps: { connections: ConnectionsPort; shopify: ShopifyApp }): void {
  const { connections, shopify } = deps;
  const own = async (req: Request, id: string) => {
    const c = await connections.connection(id);
    if (!c || c.platform !== 'shopify' || c.accountId !== accountOf(req)) throw new HttpError('not_found', 'No such Shopify connection');
    return c;
  };

  registry.add({
    method: 'post',
    path: '/api/connections/:id/backfill',
    tag: 'Stores',
    auth: true,
    status: 202,
    summary: "Import the Shopify store's historical customers and orders (bulk operations) in the background",
    params: idParams,
    response: shopifyBackfillResponse,
    errors: [404, 409],
    handler: async ({ params, req }) => {
      await own(req, params.id);
      const outcome = await shopify.startBackfill(params.id);
      if (outcome.started) return { started: true as const };
      if (outcome.reason === 'running') throw new HttpError('conflict', 'An import is already running for this store');
      throw new HttpError('conflict', 'The store is not installed or has no access token: open Rapport from Shopify admin to reinstall');
    },
  });

  registry.add({
    method: 'get',
    path: '/api/connections/:id/sync',
    tag: 'Stores',
    auth: true,
    summary: 'Import and reconcile progress of a Shopify store: records done, percentage, ETA, notes',
    params: idParams,
    errors: [404],
    response: shopifySyncResponse,
    handler: async ({ params, req }) => {
      const c = await own(req, params.id);
      const state = await shopify.runs.state(c.id);
      return {
        connectionId: c.id,
        grantedScopes: state?.grantedScopes ?? null,
        lastReconcileAt: state?.lastReconcileAt ?? null,
        runs: (await shopify.runs.list(c.id, 20)).map((r) => progressOf(r)),
      };
    },
  });
}
