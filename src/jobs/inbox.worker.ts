import type { ConnectionsRepo, CrmStore } from '../crm/store.port.ts';
import type { InboxItem, InboxQueue } from '../inbox/inbox.port.ts';
import type { Logger } from '../lib/logger.ts';
import { applyEvent } from '../crm/ingest.service.ts';
import { PayloadError, type PlatformAdapter } from '../platforms/adapter.ts';
import { parseJsonLossless } from '../lib/json.ts';
import { checkBodySize, checkListSizes } from './delivery-bounds.ts';
import type { Platform } from '../crm/events.ts';

export type WorkerDeps = {
  inbox: InboxQueue;
  store: CrmStore;
  adapters: Record<Platform, PlatformAdapter>;
  /** The delivery's store, read once per delivery: its facts fill fields a payload may omit (currency, country). */
  connections: Pick<ConnectionsRepo, 'get'>;
  logger: Logger;
  maxAttempts: number;
  pollMs: number;
  /** Stamped by the running worker on every pass and slice; anonymous health reports its age. */
  beat?: WorkerBeat;
};

/** When the inbox worker last showed it was alive (epoch ms; null before it starts). */
export type WorkerBeat = { lastBeatAt: number | null };

/** Backoff after the n-th failed attempt: 1 s, 4 s, 16 s, ... capped at one hour. */
function retryDelayMs(attempt: number): number {
  return Math.min(1000 * 4 ** (attempt - 1), 3_600_000);
}

/** Processes one delivery; expected failures are recorded on the row, never thrown. */
async function processDelivery(deps: WorkerDeps, item: InboxItem): Promise<void> {
  const now = new Date().toISOString();
  try {
    if (item.body === null) return await deps.inbox.complete(item.id, 'ignored', now); // scrubbed by an erasure
    const connection = await deps.connections.get(item.connectionId);
    if (!connection) return await deps.inbox.complete(item.id, 'ignored', now); // store erased
    checkBodySize(item.body);
    const payload = parseJsonLossless(item.body);
    checkListSizes(payload);
    const events = deps.adapters[item.platform].normalise(item.topic, payload, {
      currency: connection.currency,
      country: connection.country,
    });
    let applied = false;
    for (const event of events) applied = (await applyEvent(deps.store, connection, event, now, item.receivedAt)) !== 'ignored' || applied;
    await deps.inbox.complete(item.id, applied ? 'done' : 'ignored', now);
  } catch (err) {
    const permanent = err instanceof PayloadError || err instanceof SyntaxError;
    const attempt = item.attempts + 1;
    const retryAt = permanent || attempt >= deps.maxAttempts ? null : new Date(Date.now() + retryDelayMs(attempt)).toISOString();
    const message = err instanceof Error ? err.message : String(err);
    deps.logger.warn({ deliveryId: item.id, topic: item.topic, attempt, dead: retryAt === null, err: message }, 'delivery failed');
    await deps.inbox.fail(item.id, message, retryAt, now);
  }
}

/** Drains the inbox until stopped; woken immediately when a delivery is accepted. */
export function startInboxWorker(deps: WorkerDeps): { stop: () => Promise<void>; drain: () => Promise<number> } {
  let running = true;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  // A delivery accepted after a pass's last read of the queue starts another pass at once
  // instead of waiting for the poll: a shared queue's NOTIFY arrives at any moment.
  let acceptedMeanwhile = false;
  const unsubscribe = deps.inbox.onAccepted(() => {
    if (wake) wake();
    else acceptedMeanwhile = true;
  });

  // One pass at a time: the background loop and an explicit drain() must never read the same
  // batch, or each delivery would be processed twice (harmless, the domain is idempotent, but wasted).
  let passes: Promise<unknown> = Promise.resolve();
  function drain(): Promise<number> {
    const pass = passes.then(drainPass);
    passes = pass.catch(() => undefined);
    return pass;
  }

  async function drainPass(): Promise<number> {
    let total = 0;
    for (;;) {
      if (deps.beat) deps.beat.lastBeatAt = Date.now();
      acceptedMeanwhile = false; // this read sees what was accepted until now
      const batch = await deps.inbox.due(200, new Date().toISOString());
      let next = 0;
      while (next < batch.length) {
        // One commit per slice of ~8 ms (a commit rewrites every page touched, so fewer is faster);
        // then yield, so webhook acks wait at most one slice.
        await deps.store.batch(async () => {
          const sliceStart = Date.now();
          while (next < batch.length && Date.now() - sliceStart < 8) {
            const item = batch[next++]!;
            // A shared queue: skip a delivery another worker took over (its lease lapsed) or is applying now.
            if (deps.inbox.hold && !(await deps.inbox.hold(item))) continue;
            await processDelivery(deps, item);
          }
        });
        await new Promise((r) => setImmediate(r));
      }
      total += batch.length;
      if (batch.length < 200) return total;
    }
  }

  const loop = (async () => {
    while (running) {
      let failed = false;
      try {
        await drain();
      } catch (err) {
        failed = true;
        deps.logger.error({ err }, 'inbox worker error');
      }
      if (!running) break;
      if (acceptedMeanwhile && !failed) {
        await new Promise((r) => setImmediate(r)); // a turn first (an explicit drain() may have read them since)
        if (acceptedMeanwhile) continue;
      }
      await new Promise<void>((resolve) => {
        wake = () => {
          wake = undefined;
          clearTimeout(timer);
          resolve();
        };
        timer = setTimeout(() => {
          wake = undefined;
          resolve();
        }, deps.pollMs);
      });
    }
  })();

  return {
    drain,
    async stop() {
      running = false;
      wake?.();
      await loop;
      unsubscribe();
    },
  };
}
