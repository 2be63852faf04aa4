import type { CrmStore, Repos } from '../store.port.ts';
import type { DomainEvent } from './event-queue.port.ts';

// The one place domain events are queued: every unit of work of the store runs through this
// wrapper, and a timeline entry it adds that is NEW (the timeline's dedupe key says so) and of a
// kind a consumer subscribes to is queued for that consumer in the same unit. So an event is
// queued exactly when its entry commits: a rolled-back unit queues nothing, a replayed webhook
// (its entries already there) queues nothing, and no id watermark over timeline_events is needed
// (PostgreSQL commits out of id order). Wired once by the composition root, inside the membership
// wrapper, so segment enter/leave entries are seen too.

export type EventSubscription = {
  consumer: string;
  kinds: ReadonlySet<string>;
  /**
   * Whether the account wants this kind now, read inside the unit (flows: is a flow on for it), so
   * an account that uses nothing pays one indexed read per unit, not a row per event. Default: yes.
   */
  wants?: (repos: Repos, accountId: string) => Promise<ReadonlySet<string> | 'all'>;
};

export function queueingDomainEvents(store: CrmStore, subscriptions: EventSubscription[], clock: () => Date = () => new Date()): CrmStore {
  const wrap = (repos: Repos): Repos => {
    // What each consumer wants of each account, read once per unit.
    const wanted = new Map<string, Promise<ReadonlySet<string> | 'all'>>();
    const wants = (s: EventSubscription, accountId: string) => {
      if (!s.wants) return 'all' as const;
      const key = `${s.consumer}\u0000${accountId}`;
      let w = wanted.get(key);
      if (!w) wanted.set(key, (w = s.wants(repos, accountId)));
      return w;
    };
    const { timeline } = repos;
    // The oldest new entry so far in this unit: what later entries of the unit follow from (an
    // order's points and tier change come after the order's own entries).
    let oldest: string | null = null;
    return {
      ...repos,
      timeline: {
        ...timeline,
        add: async (entry) => {
          const added = await timeline.add(entry);
          if (!added) return added;
          if (oldest === null || Date.parse(entry.occurredAt) < Date.parse(oldest)) oldest = entry.occurredAt;
          for (const s of subscriptions) {
            if (!s.kinds.has(entry.kind)) continue;
            const w = await wants(s, entry.accountId);
            if (w !== 'all' && !w.has(entry.kind)) continue;
            const now = clock().toISOString();
            const event: DomainEvent = { ...entry };
            await repos.eventQueue.enqueue(s.consumer, event, oldest, now, now);
          }
          return added;
        },
      },
    };
  };
  return {
    transaction: (work) => store.transaction((repos) => work(wrap(repos))),
    batch: (work, options) => store.batch(work, options),
  };
}
