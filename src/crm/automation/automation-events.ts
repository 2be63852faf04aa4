import { ParkEvent, type ConsumerDeps } from '../domain-events/consumer.service.ts';
import type { EventSubscription } from '../domain-events/domain-events.store.ts';
import type { QueuedEvent } from '../domain-events/event-queue.port.ts';
import { STALE_AFTER_MS } from '../flows/flow-kinds.ts';
import type { CrmStore, Repos } from '../store.port.ts';
import type { AutomationTrigger, TriggerFire, TriggerSender } from './automation.port.ts';

// The automation consumer of the domain-event queue (crm/domain-events): points earned, tier
// changed, reward redeemed and segment entered become platform triggers (Shopify Flow), only for
// stores whose platform told us a workflow uses the trigger (automation.port.ts switches; one
// indexed read per unit, so accounts without any queue nothing). Sent outside any unit; a failure
// the platform may get over retries with the queue's backoff, a refusal parks the event.

export const AUTOMATION_CONSUMER = 'automation';

const TRIGGER_OF_KIND: Record<string, AutomationTrigger> = {
  points: 'points_earned',
  tier_changed: 'tier_changed',
  reward_redeemed: 'reward_redeemed',
  segment_entered: 'segment_entered',
};
const KIND_OF_TRIGGER = new Map(Object.entries(TRIGGER_OF_KIND).map(([kind, trigger]) => [trigger, kind]));

export const automationSubscription: EventSubscription = {
  consumer: AUTOMATION_CONSUMER,
  kinds: new Set(Object.keys(TRIGGER_OF_KIND)),
  wants: async (repos, accountId) =>
    new Set((await repos.automationTriggers.enabledTriggers(accountId)).map((t) => KIND_OF_TRIGGER.get(t)!)),
};

// Movements that give back or tidy up points are not "earned" (as in crm/flows).
const NOT_EARNED = new Set(['redemption_return', 'merge_duplicate']);
const num = (v: unknown) => (typeof v === 'number' ? v : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : '');
const tierName = (v: unknown) => str((v as { name?: unknown } | null)?.name);

/** A fire before it is addressed to a store's customer id. */
type Unaddressed<T> = T extends TriggerFire ? Omit<T, 'customerExternalId'> : never;
type Fire = Unaddressed<TriggerFire>;

/** What the event fires, read in a unit (balances, tiers); null when it fires nothing (points spent, say). */
async function fireOf(repos: Repos, e: QueuedEvent): Promise<Fire | null> {
  const d = e.data;
  switch (e.kind) {
    case 'points': {
      const pending = num(d.pendingDelta);
      const available = num(d.availableDelta);
      if (pending < 0 || available < 0 || pending + available <= 0 || NOT_EARNED.has(str(d.reason))) return null;
      const { available: balance } = await repos.loyalty.ledger.balance(e.customerId);
      return { trigger: 'points_earned', points: pending + available, balance, reason: str(d.reason), pending: pending > 0 };
    }
    case 'tier_changed': {
      const from = d.from as { id: string } | null;
      const to = d.to as { id: string } | null;
      const thresholds = new Map((await repos.loyalty.tiers.list(e.accountId)).map((t) => [t.id, t.threshold]));
      const promoted = !from || (!!to && (thresholds.get(to.id) ?? 0) > (thresholds.get(from.id) ?? 0));
      return { trigger: 'tier_changed', previousTier: tierName(from), newTier: tierName(to), promoted };
    }
    case 'reward_redeemed': {
      const { available: balance } = await repos.loyalty.ledger.balance(e.customerId);
      return { trigger: 'reward_redeemed', reward: str(d.reward), code: str(d.code), points: num(d.points), balance };
    }
    case 'segment_entered':
      return { trigger: 'segment_entered', segment: str(d.name) };
  }
  return null;
}

type Target = { connectionId: string; externalId: string };

export function automationConsumer(deps: { store: CrmStore; send: TriggerSender }): ConsumerDeps {
  return {
    store: deps.store,
    consumer: AUTOMATION_CONSUMER,
    handle: async (e, now) => {
      // History (a backfill's old orders, a long outage) does not start workflows.
      if (now.getTime() - Math.min(Date.parse(e.occurredAt), Date.parse(e.causedAt)) > STALE_AFTER_MS) return;
      const trigger = TRIGGER_OF_KIND[e.kind];
      if (!trigger) return;
      const planned = await deps.store.transaction(async (repos) => {
        const fire = await fireOf(repos, e);
        if (!fire) return null;
        const on = new Set(await repos.automationTriggers.connectionsWith(e.accountId, trigger));
        if (!on.size) return null;
        // The shopper as each store knows them; a store that has never seen them gets nothing.
        const targets: Target[] = (await repos.customers.identitiesOf(e.customerId))
          .filter((i) => on.has(i.connectionId) && !i.deletedAt && i.externalId)
          .map((i) => ({ connectionId: i.connectionId, externalId: i.externalId }));
        return { fire, targets };
      });
      if (!planned) return;
      for (const t of planned.targets) {
        const fire: TriggerFire = { ...planned.fire, customerExternalId: t.externalId };
        const r = await deps.send(t.connectionId, fire);
        if (r.ok) continue;
        if (!r.retryable) throw new ParkEvent(`${trigger}: ${r.reason}`);
        throw new Error(`${trigger}: ${r.reason}`);
      }
    },
  };
}
