import type { z } from 'zod';
import { loyaltySummary } from '../../crm/loyalty/members.service.ts';
import { cancelRedemption } from '../../crm/loyalty/redemption-codes.service.ts';
import { redeem } from '../../crm/loyalty/redemption.service.ts';
import type { Redemption, Reward } from '../../crm/loyalty/rewards.port.ts';
import { createReward, deleteReward, rewardFields, rewardPatch, updateReward } from '../../crm/loyalty/rewards.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { CustomerQueriesPort } from '../../crm/customers/customer-queries.port.ts';
import type { DiscountIssuers } from '../../platforms/discount-issuers.ts';
import { HttpError } from '../errors.ts';
import { accountOf, actorOf, customerIdOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';
import {
  cancelRedemptionResponse,
  deleteRewardResponse,
  redeemBody,
  redeemResponse,
  redemptionsResponse,
  rewardSchema,
  rewardsResponse,
} from './rewards.schemas.ts';

// Admin API of the rewards catalogue and of redemptions (staff redeeming for a shopper, e.g. a
// phone order). Every lookup is scoped by the caller's account. Expected outcomes come back as
// values from the services; only here do they become error kinds: conflict for a refusal,
// bad_gateway when the store refused the code, unavailable when it could not be reached (points
// returned in both cases).

// Typed by the schema: a kind the domain adds and the schema lacks fails to compile.
const rewardOut = ({ accountId: _a, deletedAt: _d, ...r }: Reward): z.infer<typeof rewardSchema> => r;
const redemptionOut = ({ accountId: _a, ...r }: Redemption) => r;

export function registerRewardsRoutes(
  registry: RouteRegistry,
  deps: { customers: CustomerQueriesPort; store: CrmStore; discountIssuers: DiscountIssuers },
): void {
  const { customers, store } = deps;
  const services = { store, issuerFor: deps.discountIssuers.issuerFor };
  const customerOf = (accountId: string, id: string) => customerIdOf(customers, accountId, id);
  const summary = (accountId: string, customerId: string) => store.transaction((repos) => loyaltySummary(repos, accountId, customerId));

  registry.add({
    method: 'get',
    path: '/api/loyalty/rewards',
    tag: 'Rewards',
    auth: true,
    summary: 'The rewards catalogue (deleted rewards left out)',
    response: rewardsResponse,
    handler: async ({ req }) => ({
      rewards: (await store.transaction((repos) => repos.loyalty.rewards.list(accountOf(req)))).map(rewardOut),
    }),
  });

  registry.add({
    method: 'post',
    path: '/api/loyalty/rewards',
    tag: 'Rewards',
    auth: true,
    summary: 'Add a reward (fixed amount, percentage, free shipping or free product)',
    body: rewardFields,
    response: rewardSchema,
    errors: [400],
    handler: async ({ body, req }) => {
      const r = await store.transaction((repos) => createReward(repos, accountOf(req), body, new Date().toISOString()));
      if (r.outcome !== 'saved') throw new HttpError('invalid', 'Invalid reward', r.outcome === 'invalid' ? r.issues : undefined);
      return rewardOut(r.reward);
    },
  });

  registry.add({
    method: 'patch',
    path: '/api/loyalty/rewards/:id',
    tag: 'Rewards',
    auth: true,
    summary: 'Change a reward; codes already issued keep what they were issued as',
    params: idParams,
    body: rewardPatch,
    response: rewardSchema,
    errors: [400, 404],
    handler: async ({ params, body, req }) => {
      const r = await store.transaction((repos) => updateReward(repos, accountOf(req), params.id, body, new Date().toISOString()));
      if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such reward');
      if (r.outcome === 'invalid') throw new HttpError('invalid', 'Invalid reward', r.issues);
      return rewardOut(r.reward);
    },
  });

  registry.add({
    method: 'delete',
    path: '/api/loyalty/rewards/:id',
    tag: 'Rewards',
    auth: true,
    summary: 'Remove a reward from the catalogue (issued codes stay valid)',
    params: idParams,
    response: deleteRewardResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      if (!(await store.transaction((repos) => deleteReward(repos, accountOf(req), params.id, new Date().toISOString()))))
        throw new HttpError('not_found', 'No such reward');
      return { deleted: true };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/customers/:id/redemptions',
    tag: 'Rewards',
    auth: true,
    summary: "A member's redemptions and their codes, newest first",
    params: idParams,
    response: redemptionsResponse,
    errors: [404],
    handler: async ({ params, req }) => {
      const id = await customerOf(accountOf(req), params.id);
      return { redemptions: (await store.transaction((repos) => repos.loyalty.redemptions.ofCustomer(id))).map(redemptionOut) };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/customers/:id/redemptions',
    tag: 'Rewards',
    auth: true,
    summary: 'Redeem a reward for the member (a single-use code in their store); idempotent on idempotencyKey',
    params: idParams,
    body: redeemBody,
    response: redeemResponse,
    errors: [400, 404, 409, 502, 503],
    handler: async ({ params, body, req }) => {
      const accountId = accountOf(req);
      const customerId = await customerOf(accountId, params.id);
      const r = await redeem(services, { accountId, customerId, ...body, actor: actorOf(req) });
      switch (r.outcome) {
        case 'redeemed':
          return { redemption: redemptionOut(r.redemption), replayed: r.replayed, loyalty: await summary(accountId, customerId) };
        case 'not_found':
          throw new HttpError('not_found', r.reason);
        case 'not_allowed':
          throw new HttpError('conflict', r.reason, { reason: r.code });
        case 'insufficient_points':
          throw new HttpError('conflict', `Only ${r.available} points available; the reward costs ${r.cost}`, {
            reason: 'insufficient_points',
            available: r.available,
            cost: r.cost,
          });
        case 'failed': {
          const details = {
            reason: 'platform',
            retryable: r.retryable,
            redemption: redemptionOut(r.redemption),
            loyalty: await summary(accountId, customerId),
          };
          const message = `The store did not issue the code, and the points were returned: ${r.reason}`;
          if (r.retryable) throw new HttpError('unavailable', message, details);
          // A refusal by the store is an upstream answer, not our outage.
          throw new HttpError('bad_gateway', message, details);
        }
      }
    },
  });

  registry.add({
    method: 'post',
    path: '/api/loyalty/redemptions/:id/cancel',
    tag: 'Rewards',
    auth: true,
    summary: 'Cancel an issued, unused code: disabled in the store, points returned',
    params: idParams,
    response: cancelRedemptionResponse,
    errors: [404, 409, 502, 503],
    status: 200,
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const r = await cancelRedemption(services, { accountId, redemptionId: params.id, actor: actorOf(req) });
      if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such redemption');
      if (r.outcome === 'not_cancellable') throw new HttpError('conflict', r.reason);
      if (r.outcome === 'platform_failed') {
        const message = `The code could not be disabled in the store, so it was not cancelled: ${r.reason}`;
        throw new HttpError(r.retryable ? 'unavailable' : 'bad_gateway', message);
      }
      return { redemption: redemptionOut(r.redemption), loyalty: await summary(accountId, r.redemption.customerId) };
    },
  });
}
