import type { EventEffect } from '../domain-events/consumer.service.ts';
import type { QueuedEvent } from '../domain-events/event-queue.port.ts';
import { composeMessage, type ComposeDeps } from '../messaging/compose.service.ts';
import { queueMessage } from '../messaging/messages.service.ts';
import type { NewMessage } from '../messaging/messages.port.ts';
import type { MessageTemplatesPort } from '../messaging/templates/message-templates.port.ts';
import type { Repos } from '../store.port.ts';
import { FLOW_EVENT_KINDS, flowsOf, STALE_AFTER_MS, triggersOf, type FlowKind, type FlowSetting } from './flow-kinds.ts';
import type { EventSubscription } from '../domain-events/domain-events.store.ts';
import { flowSendAt } from './send-time.ts';

// The flows consumer of the domain-event queue: for one timeline event, which enabled flows it
// starts, each one message composed from the flow's template (outside any unit of work) and
// queued, with the skips counted, in the unit that acknowledges the event. One message per flow
// and triggering event: the idempotency key `flow:<kind>:<event dedupe key>` makes a replayed or
// re-handled event queue nothing new. Consent is the sender's business, at send time.

export const FLOWS_CONSUMER = 'flows';

export type FlowDeps = { compose: ComposeDeps; templates: MessageTemplatesPort };

/** A flow the event starts, with its key and what the message adds to the shopper's merge fields. */
type Start = { kind: FlowKind; setting: FlowSetting; key: string; order?: { number: string | null } };
type Decided = { starts: Start[]; skips: Array<{ kind: FlowKind; reason: string }>; timeZone: string | null };

const NOT_EARNED = new Set(['redemption_return', 'merge_duplicate']);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
/** A 30-day window number: a reward becomes "affordable" for a customer at most once per window. */
const window30 = (iso: string) => Math.floor(Date.parse(iso) / (30 * 86_400_000));

async function decide(repos: Repos, e: QueuedEvent, now: Date): Promise<Decided> {
  const d: Decided = { starts: [], skips: [], timeZone: null };
  const candidates = flowsOf(e.kind);
  if (!candidates.length) return d;
  const settings = new Map((await repos.flows.list(e.accountId)).map((s) => [s.kind, s]));
  const on = candidates.filter((k) => settings.get(k)?.enabled);
  if (!on.length) return d;
  // Guard: an event this old is history (a backfill, a long outage), not news to a shopper.
  // Its cause counts too: a tier change computed now while a backfill applies an old order is history.
  if (now.getTime() - Math.min(Date.parse(e.occurredAt), Date.parse(e.causedAt)) > STALE_AFTER_MS) {
    for (const kind of on) d.skips.push({ kind, reason: 'stale' });
    return d;
  }
  d.timeZone = await repos.connections.accountTimeZone(e.accountId);
  const start = (kind: FlowKind, key = `flow:${kind}:${e.dedupeKey}`, order?: Start['order']) => {
    const setting = settings.get(kind);
    if (!setting?.enabled) return;
    if (!setting.templateId) d.skips.push({ kind, reason: 'no_template' });
    else d.starts.push({ kind, setting, key, order });
  };
  const data = e.data;
  switch (e.kind) {
    case 'customer_created':
    case 'points_expiring':
    case 'referral_completed':
    case 'birthday':
    case 'lapsed':
      start(on[0]!);
      break;
    case 'points': {
      const pending = num(data.pendingDelta);
      const available = num(data.availableDelta);
      if (pending >= 0 && available >= 0 && pending + available > 0 && !NOT_EARNED.has(String(data.reason))) start('points_earned');
      if (pending < 0 && available > 0) start('points_available');
      if (available > 0 && settings.get('reward_affordable')?.enabled) {
        const balance = (await repos.loyalty.ledger.balance(e.customerId)).available;
        const cheapest = (await repos.loyalty.rewards.list(e.accountId))
          .filter((r) => r.active && !r.deletedAt)
          .sort((a, b) => a.pointsCost - b.pointsCost)[0];
        // Crossed by this movement: below the cost before it, at or above now.
        if (cheapest && balance - available < cheapest.pointsCost && balance >= cheapest.pointsCost)
          start('reward_affordable', `flow:reward_affordable:${e.customerId}:${cheapest.id}:${window30(e.occurredAt)}`);
      }
      break;
    }
    case 'tier_changed': {
      const from = (data.from as { id: string } | null)?.id ?? null;
      const to = (data.to as { id: string } | null)?.id ?? null;
      const tiers = new Map((await repos.loyalty.tiers.list(e.accountId)).map((t) => [t.id, t.threshold]));
      const up = !from || (!!to && (tiers.get(to) ?? 0) > (tiers.get(from) ?? 0));
      start(up ? 'tier_up' : 'tier_down');
      break;
    }
    case 'order_delivered': {
      const order = e.subjectId ? await repos.orders.byId(e.accountId, e.subjectId) : undefined;
      // Never ask about an order that came back or was called off.
      if (!order || order.deletedAt || order.status === 'cancelled' || order.cancelledAt || order.fulfilmentStatus === 'returned')
        d.skips.push({ kind: 'feedback', reason: 'order_not_delivered' });
      else start('feedback', undefined, { number: order.name });
      break;
    }
  }
  return d;
}

export function flowEventHandler(deps: FlowDeps & { store: ComposeDeps['store'] }) {
  return async (e: QueuedEvent, clock: Date): Promise<EventEffect> => {
    const now = clock.toISOString();
    const decided = await deps.store.transaction((repos) => decide(repos, e, clock));
    const skips = [...decided.skips];
    const queued: Array<{ id: string; message: NewMessage }> = [];
    for (const s of decided.starts) {
      const template = await deps.templates.get(e.accountId, s.setting.templateId!);
      if (!template) {
        skips.push({ kind: s.kind, reason: 'no_template' });
        continue;
      }
      const sendAt = flowSendAt(e.occurredAt, s.setting.delayMinutes, s.setting.options.sendAtHour, decided.timeZone);
      const composed = await composeMessage(
        deps.compose,
        {
          accountId: e.accountId,
          customerId: e.customerId,
          template,
          source: 'flow',
          sourceId: s.kind,
          idempotencyKey: s.key,
          sendAt: sendAt > now ? sendAt : null,
          merge: s.order ? { order: s.order } : undefined,
        },
        now,
      );
      if (composed.outcome === 'composed') queued.push({ id: composed.id, message: composed.message });
      else skips.push({ kind: s.kind, reason: composed.outcome });
    }
    if (!queued.length && !skips.length) return;
    return async (repos) => {
      for (const q of queued) await queueMessage(repos, q.message, now, q.id);
      for (const s of skips) await repos.flows.countSkip(e.accountId, s.kind, now.slice(0, 10), s.reason);
    };
  };
}

/** What the flows consumer subscribes to: the triggers of the account's enabled flows. */
export const flowsSubscription: EventSubscription = {
  consumer: FLOWS_CONSUMER,
  kinds: FLOW_EVENT_KINDS,
  wants: async (repos, accountId) => triggersOf(await repos.flows.enabledKinds(accountId)),
};
