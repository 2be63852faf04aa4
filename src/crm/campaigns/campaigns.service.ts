import { newId } from '../../lib/ids.ts';
import type { MessageTemplatesPort } from '../messaging/templates/message-templates.port.ts';
import type { SegmentsPort } from '../segments/segments.port.ts';
import type { CrmStore } from '../store.port.ts';
import type { Audience, Campaign, CampaignStatus, FrequencyCap, SendWindow, Variant } from './campaign.ts';
import type { CampaignDraft } from './campaigns.port.ts';

// Writing campaigns: drafts (created and edited freely), scheduling (now or at a time), and
// cancelling, which stops the expansion and withdraws the messages not yet claimed by a sender in
// the same unit; messages already sent stay sent. A campaign that is sending or done is not edited.

export type CampaignInput = {
  name: string;
  audience: Audience;
  variants: Variant[];
  holdoutPercent?: number;
  window?: SendWindow | null;
  sendAt?: string | null;
  attributionDays?: number;
};

export type CampaignOutcome =
  | { outcome: 'saved'; campaign: Campaign }
  | { outcome: 'not_found' }
  /** The campaign is sending, sent or cancelled: not editable. */
  | { outcome: 'not_editable'; status: CampaignStatus }
  | { outcome: 'invalid'; path: string; message: string };

export type CampaignsServiceDeps = { store: CrmStore; templates: MessageTemplatesPort; segments: Pick<SegmentsPort, 'get'> };

const EDITABLE: CampaignStatus[] = ['draft', 'scheduled'];

async function check(deps: CampaignsServiceDeps, accountId: string, input: CampaignInput): Promise<CampaignDraft | CampaignOutcome> {
  let channel: string | null = null;
  for (const [i, v] of input.variants.entries()) {
    const t = await deps.templates.get(accountId, v.templateId);
    if (!t) return { outcome: 'invalid', path: `variants.${i}.templateId`, message: 'No such message template' };
    if (channel && t.channel !== channel)
      return {
        outcome: 'invalid',
        path: `variants.${i}.templateId`,
        message: `Every variant's template must be on one channel (${channel})`,
      };
    channel = t.channel;
  }
  if (input.audience.kind === 'segment' && !(await deps.segments.get(accountId, input.audience.segmentId)))
    return { outcome: 'invalid', path: 'audience.segmentId', message: 'No such segment' };
  return {
    name: input.name,
    channel: channel!,
    audience: input.audience,
    variants: input.variants,
    holdoutPercent: input.holdoutPercent ?? 10,
    window: input.window ?? null,
    sendAt: input.sendAt ?? null,
    attributionDays: input.attributionDays ?? 5,
  };
}

const isDraft = (d: CampaignDraft | CampaignOutcome): d is CampaignDraft => !('outcome' in d);

export function createCampaigns(deps: CampaignsServiceDeps) {
  const { store } = deps;
  return {
    async create(accountId: string, input: CampaignInput, now: string): Promise<CampaignOutcome> {
      const draft = await check(deps, accountId, input);
      if (!isDraft(draft)) return draft;
      const campaign: Campaign = {
        ...draft,
        id: newId('cmp'),
        accountId,
        status: 'draft',
        cursor: null,
        counts: { recipients: 0, queued: 0, skipped: 0, holdout: 0 },
        createdAt: now,
        updatedAt: now,
        startedAt: null,
        finishedAt: null,
      };
      await store.transaction((repos) => repos.campaigns.insert(campaign));
      return { outcome: 'saved', campaign };
    },

    async update(accountId: string, id: string, input: CampaignInput, now: string): Promise<CampaignOutcome> {
      const draft = await check(deps, accountId, input);
      if (!isDraft(draft)) return draft;
      return store.transaction(async (repos) => {
        const current = await repos.campaigns.get(accountId, id);
        if (!current) return { outcome: 'not_found' };
        if (!(await repos.campaigns.updateDraft(accountId, id, draft, EDITABLE, now)))
          return { outcome: 'not_editable', status: current.status };
        return { outcome: 'saved', campaign: (await repos.campaigns.get(accountId, id))! };
      });
    },

    /** Schedules a draft at `sendAt` (now when null); the send job starts it when the time comes. */
    async schedule(accountId: string, id: string, sendAt: string | null, now: string): Promise<CampaignOutcome> {
      return store.transaction(async (repos) => {
        const current = await repos.campaigns.get(accountId, id);
        if (!current) return { outcome: 'not_found' };
        const at = sendAt ?? now;
        if (!(await repos.campaigns.setStatus(accountId, id, EDITABLE, 'scheduled', now, { sendAt: at })))
          return { outcome: 'not_editable', status: current.status };
        return { outcome: 'saved', campaign: (await repos.campaigns.get(accountId, id))! };
      });
    },

    /**
     * Cancels at any point before it is cancelled: no further page is expanded (the page in flight
     * finds the campaign cancelled and writes nothing), and its queued messages that no sender has
     * claimed are withdrawn (`suppressed`, reason `cancelled`), including those a send window holds.
     */
    async cancel(accountId: string, id: string, now: string): Promise<CampaignOutcome & { withdrawn?: number }> {
      return store.transaction(async (repos) => {
        const current = await repos.campaigns.get(accountId, id);
        if (!current) return { outcome: 'not_found' };
        if (
          !(await repos.campaigns.setStatus(accountId, id, ['draft', 'scheduled', 'sending', 'sent'], 'cancelled', now, {
            finishedAt: now,
          }))
        )
          return { outcome: 'not_editable', status: current.status };
        const withdrawn = await repos.campaigns.withdrawQueued(accountId, id, now);
        return { outcome: 'saved', campaign: (await repos.campaigns.get(accountId, id))!, withdrawn };
      });
    },

    frequencyCap: (accountId: string) => store.transaction((repos) => repos.campaigns.frequencyCap(accountId)),
    setFrequencyCap: (accountId: string, cap: FrequencyCap, now: string) =>
      store.transaction((repos) => repos.campaigns.setFrequencyCap(accountId, cap, now)),
  };
}

export type Campaigns = ReturnType<typeof createCampaigns>;
