import type { CampaignQueriesPort } from '../../crm/campaigns/campaign-queries.port.ts';
import { attributionWindow, buildReport } from '../../crm/campaigns/campaign-report.ts';
import type { Campaign, SendWindow } from '../../crm/campaigns/campaign.ts';
import type { CampaignInput as DomainInput, CampaignOutcome, Campaigns } from '../../crm/campaigns/campaigns.service.ts';
import { HttpError } from '../errors.ts';
import { accountOf } from './caller.ts';
import {
  audienceSizeInput,
  audienceSizeResponse,
  campaignInput,
  campaignReport,
  campaignSchema,
  campaignsQuery,
  campaignsResponse,
  cancelResponse,
  frequencyCapSchema,
  recipientsQuery,
  recipientsResponse,
  scheduleInput,
  type CampaignInput,
} from './campaigns.schemas.ts';
import { idParams } from './common.schemas.ts';
import type { RouteRegistry } from './registry.ts';

// Admin API of campaigns: drafts (create, replace), schedule or send now, cancel, the report
// (figures per group, lift against the holdout with its 95% interval) and the recipients page by
// page. Editing a campaign that is sending or done is a 409; a template or segment that does not
// exist is a 400 naming the field.

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const minutes = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));

export const campaignView = ({ accountId: _a, cursor: _c, window, ...c }: Campaign) => ({
  ...c,
  window: window && { opens: hhmm(window.opens), closes: hhmm(window.closes) },
});

const toDomain = (body: CampaignInput): DomainInput => ({
  ...body,
  window: body.window && ({ opens: minutes(body.window.opens), closes: minutes(body.window.closes) } satisfies SendWindow),
});

const notFound = () => new HttpError('not_found', 'No such campaign');

function saved(r: CampaignOutcome): Campaign {
  switch (r.outcome) {
    case 'saved':
      return r.campaign;
    case 'not_found':
      throw notFound();
    case 'not_editable':
      throw new HttpError('conflict', `The campaign is ${r.status}: it can no longer be changed`, { status: r.status });
    case 'invalid':
      throw new HttpError('invalid', `${r.path}: ${r.message}`, [{ path: r.path, message: r.message }]);
  }
}

const encode = (c: Campaign) => Buffer.from(JSON.stringify([c.createdAt, c.id])).toString('base64url');
function decode(value: string): { createdAt: string; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((p) => typeof p === 'string'))
      return { createdAt: parsed[0] as string, id: parsed[1] as string };
  } catch {
    // the 400 below
  }
  throw new HttpError('invalid', 'after: not a cursor returned by this API', [
    { path: 'after', message: 'use endCursor of the previous page' },
  ]);
}

export function registerCampaignRoutes(
  registry: RouteRegistry,
  deps: { campaigns: Campaigns; campaignQueries: CampaignQueriesPort },
): void {
  const { campaigns, campaignQueries: queries } = deps;
  const now = () => new Date().toISOString();

  registry.add({
    method: 'get',
    path: '/api/campaigns',
    tag: 'Messages',
    auth: true,
    summary: 'Campaigns with their counts, newest first (cursor-paginated)',
    query: campaignsQuery,
    response: campaignsResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const list = await queries.list(accountOf(req), query.after ? decode(query.after) : null, query.first + 1);
      const page = list.slice(0, query.first);
      return { campaigns: page.map(campaignView), endCursor: list.length > query.first ? encode(page[page.length - 1]!) : null };
    },
  });

  registry.add({
    method: 'post',
    path: '/api/campaigns',
    tag: 'Messages',
    auth: true,
    summary: 'Create a draft campaign',
    body: campaignInput,
    response: campaignSchema,
    errors: [400],
    handler: async ({ body, req }) => campaignView(saved(await campaigns.create(accountOf(req), toDomain(body), now()))),
  });

  registry.add({
    method: 'post',
    path: '/api/campaigns/audience-size',
    tag: 'Messages',
    auth: true,
    summary: 'How many customers an audience holds now, and how many have an email address or a phone (before the holdout and the cap)',
    body: audienceSizeInput,
    response: audienceSizeResponse,
    errors: [400],
    status: 200,
    handler: async ({ body, req }) => {
      const size = await queries.audienceSize(accountOf(req), body.audience);
      if (!size)
        throw new HttpError('invalid', 'audience.segmentId: No such segment', [{ path: 'audience.segmentId', message: 'No such segment' }]);
      return size;
    },
  });

  registry.add({
    method: 'get',
    path: '/api/campaign-settings',
    tag: 'Messages',
    auth: true,
    summary: 'The frequency cap across campaigns',
    response: frequencyCapSchema,
    handler: async ({ req }) => ({ cap: await campaigns.frequencyCap(accountOf(req)) }),
  });

  registry.add({
    method: 'put',
    path: '/api/campaign-settings',
    tag: 'Messages',
    auth: true,
    summary: 'Set or clear the frequency cap (campaign recipients over it are skipped as `capped`)',
    body: frequencyCapSchema,
    response: frequencyCapSchema,
    errors: [400],
    handler: async ({ body, req }) => {
      await campaigns.setFrequencyCap(accountOf(req), body.cap, now());
      return { cap: body.cap };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/campaigns/:id',
    tag: 'Messages',
    auth: true,
    summary: 'One campaign',
    params: idParams,
    response: campaignSchema,
    errors: [404],
    handler: async ({ params, req }) => {
      const campaign = await queries.get(accountOf(req), params.id);
      if (!campaign) throw notFound();
      return campaignView(campaign);
    },
  });

  registry.add({
    method: 'put',
    path: '/api/campaigns/:id',
    tag: 'Messages',
    auth: true,
    summary: 'Replace a draft or scheduled campaign (409 once it is sending)',
    params: idParams,
    body: campaignInput,
    response: campaignSchema,
    errors: [400, 404, 409],
    handler: async ({ params, body, req }) => campaignView(saved(await campaigns.update(accountOf(req), params.id, toDomain(body), now()))),
  });

  registry.add({
    method: 'post',
    path: '/api/campaigns/:id/schedule',
    tag: 'Messages',
    auth: true,
    summary: 'Schedule a draft at a time, or send it now (no time)',
    params: idParams,
    body: scheduleInput,
    response: campaignSchema,
    errors: [400, 404, 409],
    status: 200,
    handler: async ({ params, body, req }) => campaignView(saved(await campaigns.schedule(accountOf(req), params.id, body.sendAt, now()))),
  });

  registry.add({
    method: 'post',
    path: '/api/campaigns/:id/cancel',
    tag: 'Messages',
    auth: true,
    summary: 'Cancel: stop expanding and withdraw queued messages not yet sent (sent ones stay sent)',
    params: idParams,
    response: cancelResponse,
    errors: [404, 409],
    status: 200,
    handler: async ({ params, req }) => {
      const r = await campaigns.cancel(accountOf(req), params.id, now());
      return { ...campaignView(saved(r)), withdrawn: r.withdrawn ?? 0 };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/campaigns/:id/report',
    tag: 'Messages',
    auth: true,
    summary: 'Figures per group, conversion in the attribution window and lift against the holdout (95% interval)',
    params: idParams,
    response: campaignReport,
    errors: [404],
    handler: async ({ params, req }) => {
      const accountId = accountOf(req);
      const campaign = await queries.get(accountId, params.id);
      if (!campaign) throw notFound();
      const window = attributionWindow(campaign) ?? { from: campaign.createdAt, to: campaign.createdAt };
      const report = buildReport(campaign, await queries.reportFacts(accountId, campaign.id, window));
      return { campaign: campaignView(campaign), ...report };
    },
  });

  registry.add({
    method: 'get',
    path: '/api/campaigns/:id/recipients',
    tag: 'Messages',
    auth: true,
    summary: 'Who the campaign reached and how (group, outcome, message status), in customer id order',
    params: idParams,
    query: recipientsQuery,
    response: recipientsResponse,
    errors: [400, 404],
    handler: async ({ params, query, req }) => {
      const accountId = accountOf(req);
      if (!(await queries.get(accountId, params.id))) throw notFound();
      const rows = await queries.recipients(accountId, params.id, { group: query.group }, query.after ?? null, query.first + 1);
      const page = rows.slice(0, query.first);
      return { recipients: page, endCursor: rows.length > query.first ? page[page.length - 1]!.customerId : null };
    },
  });
}
