import type { ConnectionsPort } from '../../crm/tenancy/connections.port.ts';
import type { Disconnect } from '../../platforms/disconnect.service.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { connectionsResponse, disconnectResponse } from './connections.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// The account's store connections and the platform-neutral actions on one of them. A connection
// is shown field by field: never a key, token or secret.

export function registerConnectionRoutes(registry: RouteRegistry, deps: { connections: ConnectionsPort; disconnect?: Disconnect }): void {
  const { connections, disconnect } = deps;

  registry.add({
    method: 'get',
    path: '/api/connections',
    tag: 'Stores',
    auth: true,
    summary: "The account's store connections (no secrets)",
    response: connectionsResponse,
    handler: async ({ req }) => ({
      connections: (await connections.listConnections(accountOf(req))).map((c) => ({
        id: c.id,
        platform: c.platform,
        domain: c.domain,
        name: c.name,
        status: c.status,
        currency: c.currency,
        createdAt: c.createdAt,
        webhookUrl: c.platform === 'shopify' ? '/webhooks/shopify' : `/webhooks/woocommerce/${c.id}`,
      })),
    }),
  });

  if (!disconnect) return;
  registry.add({
    method: 'post',
    path: '/api/connections/:id/disconnect',
    tag: 'Stores',
    auth: true,
    status: 200,
    summary:
      'Disconnect a store: its webhooks are removed at the platform, its keys and tokens deleted here; customer data is kept. Idempotent',
    params: idParams,
    errors: [404],
    response: disconnectResponse,
    handler: async ({ params, req }) => {
      const r = await disconnect(params.id, accountOf(req));
      if (!r.ok) throw new HttpError('not_found', 'No such connection');
      return {
        connectionId: r.connectionId,
        status: 'disconnected' as const,
        alreadyDisconnected: r.already,
        webhooksRemovedAtStore: r.removedAtStore,
        storeError: r.storeError,
      };
    },
  });
}
