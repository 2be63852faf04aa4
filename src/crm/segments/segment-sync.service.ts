import type { PlatformOutboxPort } from '../sync/sync.port.ts';
import type { SegmentSyncPort, StoreCustomerTags } from './segment-sync.port.ts';

// Sync out: a segment with a sync tag mirrors itself at the stores, as a customer tag on Shopify
// and as the `rapport_segments` customer meta on WooCommerce (platform writers, wired by the
// composition root). Three steps a run, each idempotent:
//  1. accounts that asked for a full comparison (a mirror created, changed or dropped; the daily
//     check) have every store customer whose pushed tags differ from its memberships enqueued;
//  2. customers noted by membership in the unit that changed them are enqueued at each store;
//  3. due outbox rows are written: per store customer the tags wanted and not pushed are added,
//     those pushed and no longer wanted removed, and the pushes recorded.
// The outbox coalesces per customer and store and retries with backoff; writing what is already
// there changes nothing at the store, so a crash between a write and its record is harmless.

export const SEGMENT_TAGS = 'segment_tags';

/** One store customer's change: add and remove for tag-based stores, the whole list for meta-based ones. */
export type TagWrite = { externalId: string; add: string[]; remove: string[]; tags: string[] };
export type TagWriteOutcome = { externalId: string } & ({ ok: true } | { ok: false; reason: string; retryable: boolean });

/** A platform's writer: writes a store's changes in as few calls as it can, paced by its own client. */
export type SegmentTagWriter = (connectionId: string, writes: TagWrite[]) => Promise<TagWriteOutcome[]>;

export type SegmentSyncDeps = {
  sync: SegmentSyncPort;
  outbox: PlatformOutboxPort;
  /** By platform (`shopify`, `woocommerce`); a platform without one is not mirrored to. */
  writers: Readonly<Record<string, SegmentTagWriter>>;
};

export type SegmentSyncResult = { checked: number; enqueued: number; written: number; failed: number };

const PAGE = 500;

/** What to send for one store customer, or null when its store already holds what it should. */
export function tagWrite(t: StoreCustomerTags): TagWrite | null {
  const pushed = new Set(t.pushed);
  const desired = new Set(t.desired);
  const add = t.desired.filter((tag) => !pushed.has(tag));
  const remove = t.pushed.filter((tag) => !desired.has(tag));
  return add.length || remove.length ? { externalId: t.externalId, add, remove, tags: t.desired } : null;
}

export type SegmentSync = ReturnType<typeof createSegmentSync>;

export function createSegmentSync(deps: SegmentSyncDeps) {
  const platforms = Object.keys(deps.writers);
  const enqueue = (r: { accountId: string; connectionId: string; customerId: string }, at: string) =>
    deps.outbox.enqueue({ accountId: r.accountId, connectionId: r.connectionId, kind: SEGMENT_TAGS, subjectId: r.customerId }, at);

  async function fullChecks(at: string): Promise<{ checked: number; enqueued: number }> {
    let checked = 0;
    let enqueued = 0;
    for (const request of await deps.sync.checkRequests(20)) {
      await deps.sync.dropOrphanPushes(request.accountId);
      let after: { connectionId: string; customerId: string } | null = null;
      for (;;) {
        const page = await deps.sync.differing(request.accountId, after, PAGE);
        for (const r of page) await enqueue(r, at);
        enqueued += page.length;
        if (page.length < PAGE) break;
        after = page.at(-1)!;
      }
      await deps.sync.checkDone(request.accountId, request.requestedAt);
      checked++;
    }
    return { checked, enqueued };
  }

  async function drainQueue(at: string): Promise<number> {
    const queued = await deps.sync.queued(PAGE);
    const byAccount = new Map<string, string[]>();
    for (const q of queued) byAccount.set(q.accountId, [...(byAccount.get(q.accountId) ?? []), q.customerId]);
    let enqueued = 0;
    for (const [accountId, customerIds] of byAccount) {
      for (const r of await deps.sync.storesOf(accountId, customerIds, platforms)) {
        await enqueue(r, at);
        enqueued++;
      }
    }
    await deps.sync.dropQueued(queued);
    return enqueued;
  }

  async function flush(now: Date, limit: number): Promise<{ written: number; failed: number; taken: number }> {
    const at = now.toISOString();
    const due = await deps.outbox.due(SEGMENT_TAGS, limit, at);
    const byConnection = new Map<string, typeof due>();
    for (const item of due) byConnection.set(item.connectionId, [...(byConnection.get(item.connectionId) ?? []), item]);
    let written = 0;
    let failed = 0;
    const retryAt = (attempts: number) => new Date(now.getTime() + Math.min(3_600_000, 60_000 * 2 ** attempts)).toISOString();
    for (const [connectionId, items] of byConnection) {
      const states = await deps.sync.tagsAt(
        connectionId,
        items.map((i) => i.subjectId),
      );
      const writer = states[0] ? deps.writers[states[0].platform] : undefined;
      const writes = states.flatMap((s) => {
        const w = tagWrite(s);
        return w ? [{ state: s, write: w }] : [];
      });
      const failures = new Map<string, string>(); // customer id -> reason
      if (writes.length && !writer) {
        for (const w of writes) failures.set(w.state.customerId, `no writer for ${w.state.platform}`);
      } else if (writes.length) {
        let outcomes: TagWriteOutcome[];
        try {
          outcomes = await writer!(
            connectionId,
            writes.map((w) => w.write),
          );
        } catch (e) {
          const reason = e instanceof Error ? e.message : String(e);
          outcomes = writes.map((w) => ({ externalId: w.write.externalId, ok: false, reason, retryable: true }));
        }
        const byExternal = new Map(outcomes.map((o) => [o.externalId, o]));
        for (const { state, write } of writes) {
          const o = byExternal.get(write.externalId);
          if (o?.ok) {
            await deps.sync.recordPushed(
              (items.find((i) => i.subjectId === state.customerId) ?? items[0]!).accountId,
              connectionId,
              write.externalId,
              { added: write.add, removed: write.remove },
              at,
            );
            written++;
          } else {
            failures.set(state.customerId, o && !o.ok ? o.reason : 'the store did not answer for this customer');
          }
        }
      }
      for (const item of items) {
        const reason = failures.get(item.subjectId);
        if (reason !== undefined) await deps.outbox.failed(item.id, reason, retryAt(item.attempts));
      }
      failed += failures.size;
      await deps.outbox.done(items.filter((i) => !failures.has(i.subjectId)));
    }
    return { written, failed, taken: due.length };
  }

  return {
    /**
     * One run: comparisons, the queue, then writes until nothing is due or `budgetMs` has passed
     * (the platform clients pace the calls: Shopify's cost bucket, WooCommerce's retries).
     */
    async run(now = new Date(), options: { budgetMs?: number; perFlush?: number } = {}): Promise<SegmentSyncResult> {
      const at = now.toISOString();
      const checks = await fullChecks(at);
      const queued = await drainQueue(at);
      const result: SegmentSyncResult = { checked: checks.checked, enqueued: checks.enqueued + queued, written: 0, failed: 0 };
      const started = Date.now();
      const perFlush = options.perFlush ?? 200;
      for (;;) {
        const r = await flush(now, perFlush);
        result.written += r.written;
        result.failed += r.failed;
        // Failed rows wait for their retry time: a short page means nothing else is due.
        if (r.taken < perFlush || Date.now() - started > (options.budgetMs ?? 45_000)) break;
      }
      return result;
    },
  };
}
