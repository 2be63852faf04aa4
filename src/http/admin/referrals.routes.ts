import type { z } from 'zod';
import { decideReferral } from '../../crm/loyalty/referrals.service.ts';
import type { Referral } from '../../crm/loyalty/referrals.port.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { actorOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import type { referralSchema } from './referrals.schemas.ts';
import { referralDecisionResponse, referralsQuery, referralsResponse } from './referrals.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of referrals: the list (blocked ones with the rule they broke) and the merchant's
// approve / reject decisions. Every read and write is scoped by the caller's account.

// The IP hash stays internal: it means nothing to a merchant.
const shape = ({ ipHash: _ip, accountId: _a, ...r }: Referral): z.infer<typeof referralSchema> => r;

export function registerReferralRoutes(registry: RouteRegistry, deps: { store: CrmStore }): void {
  const { store } = deps;

  registry.add({
    method: 'get',
    path: '/api/loyalty/referrals',
    tag: 'Loyalty',
    auth: true,
    summary: 'Referrals, newest first; blocked ones carry the rule they broke',
    query: referralsQuery,
    response: referralsResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const accountId = accountOf(req);
      const page = await store.transaction(async (repos) => {
        if (query.after && !(await repos.loyalty.referrals.get(accountId, query.after)))
          throw new HttpError('invalid', 'Unknown cursor: use pageInfo.endCursor');
        return repos.loyalty.referrals.list(accountId, { status: query.status, first: query.first, after: query.after });
      });
      return { referrals: page.rows.map(shape), pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.rows.at(-1)?.id ?? null } };
    },
  });

  for (const decision of ['approve', 'reject'] as const) {
    registry.add({
      method: 'post',
      path: `/api/loyalty/referrals/:id/${decision}`,
      tag: 'Loyalty',
      auth: true,
      summary:
        decision === 'approve'
          ? 'Approve a blocked referral: both rewards follow as if it had passed'
          : 'Reject a referral: no rewards, and any already given are taken back',
      params: idParams,
      response: referralDecisionResponse,
      errors: [404, 409],
      status: 200,
      handler: async ({ params, req }) => {
        const accountId = accountOf(req);
        const r = await store.transaction((repos) =>
          decideReferral(repos, accountId, params.id, decision, actorOf(req), new Date().toISOString()),
        );
        if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such referral');
        if (r.outcome === 'not_allowed')
          throw new HttpError('conflict', `A ${r.status} referral cannot be ${decision === 'approve' ? 'approved' : 'rejected'}`, {
            status: r.status,
          });
        return { referral: shape(r.referral) };
      },
    });
  }
}
