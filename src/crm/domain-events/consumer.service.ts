import type { CrmStore, Repos } from '../store.port.ts';
import type { QueuedEvent } from './event-queue.port.ts';

// One pass of a domain-event consumer: claim its due events (a unit), then per event prepare
// outside any unit (reads, rendering), and in one unit apply the effect and delete the row, so
// the effect and the acknowledgement commit together. A failure leaves the row for a retry with
// backoff; after `maxAttempts` it is parked (due never) with its error, visible, no longer retried.
// A consumer that dies mid-pass leaves its claimed rows until their lease lapses: they are then
// handled again, so effects must be idempotent (messages are: their idempotency key).

/** What to do for one event, inside the unit that acknowledges it; nothing to do is fine. */
export type EventEffect = ((repos: Repos) => Promise<void>) | void;

export type ConsumerDeps = {
  store: CrmStore;
  consumer: string;
  handle: (event: QueuedEvent, now: Date) => Promise<EventEffect>;
  batchSize?: number;
  leaseMs?: number;
  maxAttempts?: number;
  clock?: () => Date;
};

export type ConsumerPass = { claimed: number; handled: number; retried: number; parked: number };

/**
 * Thrown by a handler for a failure no retry can change (a platform refused the payload): the row
 * is parked at once, with the message kept, instead of after `maxAttempts`.
 */
export class ParkEvent extends Error {
  override name = 'ParkEvent';
}

/** A parked row: due at a time no clock reaches. */
export const NEVER = '9999-12-31T23:59:59.999Z';

const BACKOFF_MS = [30_000, 2 * 60_000, 8 * 60_000, 32 * 60_000];

export function retryDelayMs(attempts: number): number {
  return BACKOFF_MS[attempts - 1] ?? 60 * 60_000;
}

export async function consumeEvents(deps: ConsumerDeps): Promise<ConsumerPass> {
  const clock = deps.clock ?? (() => new Date());
  const start = clock();
  const leaseUntil = new Date(start.getTime() + (deps.leaseMs ?? 5 * 60_000)).toISOString();
  const events = await deps.store.transaction((repos) =>
    repos.eventQueue.claimDue(deps.consumer, start.toISOString(), leaseUntil, deps.batchSize ?? 100),
  );
  const pass: ConsumerPass = { claimed: events.length, handled: 0, retried: 0, parked: 0 };
  for (const event of events) {
    try {
      const effect = await deps.handle(event, clock());
      await deps.store.transaction(async (repos) => {
        if (effect) await effect(repos);
        await repos.eventQueue.done(event.accountId, event.id);
      });
      pass.handled++;
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const give = err instanceof ParkEvent || event.attempts >= (deps.maxAttempts ?? 5);
      const dueAt = give ? NEVER : new Date(clock().getTime() + retryDelayMs(event.attempts)).toISOString();
      await deps.store.transaction((repos) => repos.eventQueue.failed(event.accountId, event.id, error.slice(0, 500), dueAt));
      if (give) pass.parked++;
      else pass.retried++;
    }
  }
  return pass;
}
