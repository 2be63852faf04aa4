import {
  createTier,
  deleteTier,
  listTiers,
  tierInput,
  tierPatch,
  updateTier,
  type TierOutcome,
} from '../../crm/loyalty/tier-admin.service.ts';
import type { Tier } from '../../crm/loyalty/loyalty.port.ts';
import { DEFAULT_TIER_RULES } from '../../crm/loyalty/tier-metric.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import { deleteTierResponse, tierSchema, tiersResponse } from './tiers.schemas.ts';

// Admin API of VIP tiers. Thin: parse, call one domain operation, shape the reply. The
// qualifying rules (basis, period, grace days) live in the program settings.

const shape = ({ accountId: _a, deletedAt: _d, ...t }: Tier) => t;

function saved(r: TierOutcome) {
  if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such tier');
  if (r.outcome === 'invalid') throw new HttpError('invalid', 'Invalid tier', r.issues);
  return shape(r.tier);
}

export function registerTierRoutes(registry: RouteRegistry, deps: { store: CrmStore }): void {
  const { store } = deps;

  registry.add({
    method: 'get',
    path: '/api/loyalty/tiers',
    tag: 'Loyalty',
    auth: true,
    summary: 'VIP tiers, lowest threshold first, and how members qualify (program settings `tiers`)',
    response: tiersResponse,
    handler: async ({ req }) =>
      store.transaction(async (repos) => {
        const accountId = accountOf(req);
        const program = await repos.loyalty.programs.current(accountId);
        return { tiers: (await listTiers(repos, accountId)).map(shape), qualifying: program?.settings.tiers ?? DEFAULT_TIER_RULES };
      }),
  });

  registry.add({
    method: 'post',
    path: '/api/loyalty/tiers',
    tag: 'Loyalty',
    auth: true,
    summary: 'Create a tier (threshold unique per account; multiplier 1-10; entry points posted once per member per tier)',
    body: tierInput,
    response: tierSchema,
    errors: [400],
    handler: async ({ body, req }) =>
      saved(await store.transaction((repos) => createTier(repos, accountOf(req), body, new Date().toISOString()))),
  });

  registry.add({
    method: 'patch',
    path: '/api/loyalty/tiers/:id',
    tag: 'Loyalty',
    auth: true,
    summary: 'Change a tier; members keep it until their next review, awarded orders keep their multiplier',
    params: idParams,
    body: tierPatch,
    response: tierSchema,
    errors: [400, 404],
    handler: async ({ params, body, req }) =>
      saved(await store.transaction((repos) => updateTier(repos, accountOf(req), params.id, body, new Date().toISOString()))),
  });

  registry.add({
    method: 'delete',
    path: '/api/loyalty/tiers/:id',
    tag: 'Loyalty',
    auth: true,
    summary: 'Delete a tier (soft); its members move at once to the tier their metric earns',
    params: idParams,
    response: deleteTierResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const r = await store.transaction((repos) => deleteTier(repos, accountOf(req), params.id, new Date().toISOString()));
      if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such tier');
      return { deleted: true, reevaluated: r.reevaluated };
    },
  });
}
