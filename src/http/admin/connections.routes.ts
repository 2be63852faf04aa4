import { z } from 'zod';
import type { Disconnect } from '../../runtime.disconnect.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import type { RouteRegistry } from './registry.ts';

// Platform-neutral actions on one of the account's store connections.

const idParams = z.strictObject({ id: z.string().min(1).max(100) });

export function registerConnectionRoutes(registry: RouteRegistry, deps: { disconnect: Disconnect }): void {
  registry.add({
    method: 'post', path: '/api/connections/:id/disconnect', tag: 'Stores', auth: true, status: 200,
    summary: "Disconnect a store: its webhooks are removed at the platform, its keys and tokens deleted here; customer data is kept. Idempotent",
    params: idParams, errors: [404],
    response: z.object({
      connectionId: z.string(), status: z.literal('disconnected'), alreadyDisconnected: z.boolean(),
      webhooksRemovedAtStore: z.number(), storeError: z.string().nullable(),
    }),
    handler: async ({ params, req }) => {
      const r = await deps.disconnect(params.id, accountOf(req));
      if (!r.ok) throw new HttpError('not_found', 'No such connection');
      return { connectionId: r.connectionId, status: 'disconnected' as const, alreadyDisconnected: r.already, webhooksRemovedAtStore: r.removedAtStore, storeError: r.storeError };
    },
  });
}
