import { composeMessages, type ComposeDeps, type ComposeRequest, type Composed } from '../messaging/compose.service.ts';
import { queueMessage } from '../messaging/messages.service.ts';
import type { MessageTemplatesPort } from '../messaging/templates/message-templates.port.ts';
import type { MessageTemplate } from '../messaging/templates/template.ts';
import type { CrmStore } from '../store.port.ts';
import { assignGroup } from './assignment.ts';
import { campaignMessageKey, HOLDOUT, type Campaign, type CampaignCounts, type Recipient, type SkipReason } from './campaign.ts';
import { nextSendTime, shopperTimeZone } from './send-window.ts';

// The send: expands a campaign's audience a page at a time (customer id order, after the cursor
// stored on the campaign). Per page: assign groups (a keyed hash: the same on every replay), skip
// customers without an address on the channel and those over the frequency cap, compose each
// message outside any unit (composing reads), then queue the messages, write the recipients and
// move the cursor in ONE unit of work. A crash anywhere replays at most the page in flight, and
// the messages' idempotency key (`campaign:<id>:<customer>`) and the recipients' primary key make
// the replay harmless. Queueing runs ahead of sending: the sender job drains the queue at the
// channel's rate and checks consent at send time.

export type CampaignSendDeps = {
  store: CrmStore;
  compose: ComposeDeps;
  templates: MessageTemplatesPort;
  /** Customers per page (one unit of work each). */
  pageSize?: number;
};

export type CampaignPage = { outcome: 'page'; expanded: number; queued: number } | { outcome: 'finished' | 'stopped' };

const ADDRESS: Record<string, 'email' | 'phone'> = { email: 'email', sms: 'phone', whatsapp: 'phone' };
const DAY_MS = 86_400_000;

/** Starts a scheduled campaign whose time has come (status sending) and expands one page of it. */
export async function sendCampaignPage(deps: CampaignSendDeps, accountId: string, campaignId: string, at: Date): Promise<CampaignPage> {
  const now = at.toISOString();
  const { store } = deps;
  const campaign = await store.transaction(async (repos) => {
    const c = await repos.campaigns.get(accountId, campaignId);
    if (c?.status === 'scheduled' && (c.sendAt ?? now) <= now) {
      await repos.campaigns.setStatus(accountId, campaignId, ['scheduled'], 'sending', now, { startedAt: now });
      return { ...c, status: 'sending' as const, startedAt: now };
    }
    return c;
  });
  if (campaign?.status !== 'sending') return { outcome: 'stopped' };

  const limit = deps.pageSize ?? 200;
  const { members, cap, shopZone } = await store.transaction(async (repos) => ({
    members: await repos.campaigns.audiencePage(accountId, campaign.audience, campaign.cursor, limit),
    cap: await repos.campaigns.frequencyCap(accountId),
    shopZone: await repos.connections.accountTimeZone(accountId),
  }));
  if (!members.length) {
    const finished = await store.transaction((repos) =>
      repos.campaigns.setStatus(accountId, campaignId, ['sending'], 'sent', now, { finishedAt: now }),
    );
    return { outcome: finished ? 'finished' : 'stopped' };
  }
  const recent = cap
    ? await store.transaction((repos) =>
        repos.campaigns.marketingSince(
          accountId,
          members.map((m) => m.customerId),
          new Date(at.getTime() - cap.days * DAY_MS).toISOString(),
          campaignId,
        ),
      )
    : new Map<string, number>();
  const templates = await templatesOf(deps.templates, campaign);

  type Row = { recipient: Recipient; request?: ComposeRequest; composed?: Composed };
  const rows: Row[] = [];
  for (const member of members) {
    const base = { campaignId, customerId: member.customerId, accountId, createdAt: now, messageId: null, sendAt: null };
    const skip = (group: string | null, reason: SkipReason) => rows.push({ recipient: { ...base, group, outcome: 'skipped', reason } });
    if (!member[ADDRESS[campaign.channel] ?? 'email']) {
      skip(null, 'no_address');
      continue;
    }
    const group = assignGroup(campaignId, member.customerId, campaign.holdoutPercent, campaign.variants);
    if (group === HOLDOUT) {
      rows.push({ recipient: { ...base, group, outcome: 'holdout', reason: null } });
      continue;
    }
    if (cap && (recent.get(member.customerId) ?? 0) >= cap.messages) {
      skip(group, 'capped');
      continue;
    }
    const template = templates.get(group);
    if (!template) {
      skip(group, 'no_variant');
      continue;
    }
    const sendAt = nextSendTime(at, campaign.window, shopperTimeZone(member.country, shopZone)).toISOString();
    rows.push({
      recipient: { ...base, group, outcome: 'queued', reason: null, sendAt },
      request: {
        accountId,
        customerId: member.customerId,
        template,
        source: 'campaign',
        sourceId: campaignId,
        idempotencyKey: campaignMessageKey(campaignId, member.customerId),
        sendAt,
      },
    });
  }
  // Composed in bulk outside any unit: composing reads (the shoppers, their loyalty summaries).
  const toCompose = rows.filter((r) => r.request);
  const composed = await composeMessages(
    deps.compose,
    accountId,
    toCompose.map((r) => r.request!),
    now,
  );
  toCompose.forEach((row, i) => {
    const c = composed[i]!;
    row.composed = c;
    if (c.outcome !== 'composed') row.recipient = { ...row.recipient, outcome: 'skipped', reason: c.outcome, sendAt: null };
  });

  return store.transaction(async (repos) => {
    if (!(await repos.campaigns.holdSending(accountId, campaignId, now))) return { outcome: 'stopped' } as const;
    const added: CampaignCounts = { recipients: 0, queued: 0, skipped: 0, holdout: 0 };
    for (const row of rows) {
      let recipient = row.recipient;
      if (row.composed?.outcome === 'composed') {
        // A replayed page finds the message queued the first time: the recipient names that one.
        const queued = await queueMessage(repos, row.composed.message, now, row.composed.id);
        recipient = { ...recipient, messageId: queued.id };
      }
      if (!(await repos.campaigns.addRecipient(recipient))) continue;
      added.recipients++;
      added[recipient.outcome]++;
    }
    await repos.campaigns.advance(accountId, campaignId, members[members.length - 1]!.customerId, added, now);
    return { outcome: 'page', expanded: members.length, queued: added.queued } as const;
  });
}

async function templatesOf(port: MessageTemplatesPort, campaign: Campaign): Promise<Map<string, MessageTemplate>> {
  const out = new Map<string, MessageTemplate>();
  for (const v of campaign.variants) {
    const t = await port.get(campaign.accountId, v.templateId);
    // A template deleted or moved to another channel since the campaign was saved sends nothing for its variant.
    if (t && t.channel === campaign.channel) out.set(v.key, t);
  }
  return out;
}

export type CampaignRun = { campaigns: number; pages: number; queued: number };

/**
 * One run of the send job: the due campaigns, page after page, until each is done or `budgetMs`
 * has passed (the next run goes on from the cursors), or `shouldStop` says so.
 */
export async function sendDueCampaigns(
  deps: CampaignSendDeps,
  options: { budgetMs: number; shouldStop?: () => boolean; clock?: () => Date },
): Promise<CampaignRun> {
  const clock = options.clock ?? (() => new Date());
  const started = Date.now();
  const due = await deps.store.transaction((repos) => repos.campaigns.due(clock().toISOString(), 20));
  const run: CampaignRun = { campaigns: due.length, pages: 0, queued: 0 };
  for (const { accountId, id } of due) {
    for (;;) {
      if (options.shouldStop?.() || Date.now() - started > options.budgetMs) return run;
      const page = await sendCampaignPage(deps, accountId, id, clock());
      if (page.outcome !== 'page') break;
      run.pages++;
      run.queued += page.queued;
    }
  }
  return run;
}
