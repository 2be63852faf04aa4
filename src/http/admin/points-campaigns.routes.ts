import type { PointsCampaign } from '../../crm/loyalty/points-campaigns.port.ts';
import {
  campaignInput,
  campaignPatch,
  campaignPresets,
  campaignStatus,
  cancelCampaign,
  createCampaign,
  localWindow,
  updateCampaign,
  type CampaignOutcome,
  type RunningCampaigns,
} from '../../crm/loyalty/points-campaigns.service.ts';
import { shopDay } from '../../crm/loyalty/shop-day.ts';
import type { CrmStore, Repos } from '../../crm/store.port.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import { idParams } from './common.schemas.ts';
import { campaignPresetsResponse, pointsCampaignDetail, pointsCampaignsResponse } from './points-campaigns.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of points campaigns (double or bonus points in a window). Thin: parse, call one
// domain operation, shape the reply. Windows go in and come back as the shop's wall time.

function shape(c: PointsCampaign, now: string) {
  const { accountId: _a, ...rest } = c;
  return { ...rest, ...localWindow(c), status: campaignStatus(c, now) };
}

async function detail(repos: Repos, c: PointsCampaign, now: string) {
  return { ...shape(c, now), results: await repos.loyalty.campaigns.results(c.accountId, c.id, c.currency) };
}

async function saved(repos: Repos, r: CampaignOutcome, now: string) {
  if (r.outcome === 'not_found') throw new HttpError('not_found', 'No such points campaign');
  if (r.outcome === 'invalid') throw new HttpError('invalid', 'Invalid points campaign', r.issues);
  if (r.outcome === 'conflict') throw new HttpError('conflict', r.message);
  return detail(repos, r.campaign, now);
}

export function registerPointsCampaignRoutes(
  registry: RouteRegistry,
  deps: { store: CrmStore; runningCampaigns?: RunningCampaigns },
): void {
  const { store } = deps;
  // After the commit, the storefront of this process shows the change at once (others within the cache's time).
  const changing = async <T>(accountId: string, work: (repos: Repos) => Promise<T>): Promise<T> => {
    const result = await store.transaction(work);
    deps.runningCampaigns?.forget(accountId);
    return result;
  };

  registry.add({
    method: 'get',
    path: '/api/points-campaigns',
    tag: 'Loyalty',
    auth: true,
    summary: 'Points campaigns (double or bonus points in a window), latest window first, with their status and results',
    response: pointsCampaignsResponse,
    handler: ({ req }) =>
      store.transaction(async (repos) => {
        const accountId = accountOf(req);
        const now = new Date().toISOString();
        const { timeZone } = await shopDay(repos, accountId, now);
        const campaigns = [];
        for (const c of await repos.loyalty.campaigns.list(accountId)) campaigns.push(await detail(repos, c, now));
        return { campaigns, timeZone };
      }),
  });

  registry.add({
    method: 'get',
    path: '/api/points-campaigns/presets',
    tag: 'Loyalty',
    auth: true,
    summary:
      'Presets (Ramadan, Eid ul-Fitr, Eid ul-Adha, Diwali, 11.11, Black Friday) filled for their next occurrence in the shop’s time zone',
    response: campaignPresetsResponse,
    handler: ({ req }) =>
      store.transaction(async (repos) => ({ presets: await campaignPresets(repos, accountOf(req), new Date().toISOString()) })),
  });

  registry.add({
    method: 'post',
    path: '/api/points-campaigns',
    tag: 'Loyalty',
    auth: true,
    summary: 'Create a points campaign, from scratch or from a preset (window as the shop’s wall time; it may not open in the past)',
    body: campaignInput,
    response: pointsCampaignDetail,
    errors: [400],
    handler: ({ body, req }) =>
      changing(accountOf(req), async (repos) => {
        const now = new Date().toISOString();
        return saved(repos, await createCampaign(repos, accountOf(req), body, now), now);
      }),
  });

  registry.add({
    method: 'get',
    path: '/api/points-campaigns/:id',
    tag: 'Loyalty',
    auth: true,
    summary: 'A points campaign and its results: orders, revenue and points awarded under it',
    params: idParams,
    response: pointsCampaignDetail,
    errors: [404],
    handler: ({ params, req }) =>
      store.transaction(async (repos) => {
        const c = await repos.loyalty.campaigns.get(accountOf(req), params.id);
        if (!c) throw new HttpError('not_found', 'No such points campaign');
        return detail(repos, c, new Date().toISOString());
      }),
  });

  registry.add({
    method: 'patch',
    path: '/api/points-campaigns/:id',
    tag: 'Loyalty',
    auth: true,
    summary: 'Change a scheduled campaign; a running one only its name, messages and end (not before now); ended ones not at all',
    params: idParams,
    body: campaignPatch,
    response: pointsCampaignDetail,
    errors: [400, 404, 409],
    handler: ({ params, body, req }) =>
      changing(accountOf(req), async (repos) => {
        const now = new Date().toISOString();
        return saved(repos, await updateCampaign(repos, accountOf(req), params.id, body, now), now);
      }),
  });

  registry.add({
    method: 'post',
    path: '/api/points-campaigns/:id/cancel',
    tag: 'Loyalty',
    auth: true,
    summary: 'Cancel a campaign now: orders placed before this instant keep their extra points',
    params: idParams,
    response: pointsCampaignDetail,
    status: 200,
    errors: [404, 409],
    handler: ({ params, req }) =>
      changing(accountOf(req), async (repos) => {
        const now = new Date().toISOString();
        return saved(repos, await cancelCampaign(repos, accountOf(req), params.id, now), now);
      }),
  });
}
