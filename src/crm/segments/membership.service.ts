import type { CrmStore, Repos } from '../store.port.ts';
import { ensureBuiltInSegments } from './built-in-segments.ts';
import type { SegmentEventData, SegmentEventKind } from './segment-events.ts';
import type { EvaluatedSegment } from './segment-membership.port.ts';
import type { Expr } from './segment-query.ast.ts';
import { parseSegmentQuery } from './segment-query.parser.ts';
import type { Segment } from './segments.port.ts';

// Keeps `segment_members` in step with the customers, inside the unit of work that changed them:
// each touched customer is evaluated against every segment of the account (one statement, the
// compiled conditions narrowed to that customer), the difference written, and entering or
// leaving put on the customer's timeline. Never a scan of the account: that is the daily check's.

const parsed = new Map<string, Expr>();
/** A stored query (canonical, saved only once it parsed), parsed once per process. */
export function queryOf(segment: Segment): Expr {
  let hit = parsed.get(segment.query);
  if (!hit) {
    const r = parseSegmentQuery(segment.query);
    // Saved only once it parsed: a stored query that no longer does is a bug, not an outcome.
    if (!r.ok) throw new Error(`Segment ${segment.id} holds a query that does not parse: ${r.error.message}`);
    if (parsed.size >= 1000) parsed.clear();
    parsed.set(segment.query, (hit = r.query));
  }
  return hit;
}

export async function recordSegmentEvent(
  repos: Repos,
  accountId: string,
  customerId: string,
  kind: SegmentEventKind,
  segment: Segment,
  at: string,
  repair = false,
): Promise<void> {
  const data: SegmentEventData = { segmentId: segment.id, name: segment.name, ...(repair ? { repair: true as const } : {}) };
  await repos.timeline.add({
    accountId,
    customerId,
    kind,
    occurredAt: at,
    subjectType: 'segment',
    subjectId: segment.id,
    data,
    dedupeKey: `${kind}:${segment.id}:${customerId}:${at}${repair ? ':repair' : ''}`,
  });
}

/**
 * Fills segments that have just been created or redefined from a full evaluation, without
 * timeline events: nobody entered them by doing anything.
 */
export async function refillSegments(repos: Repos, accountId: string, segments: Segment[], now: Date): Promise<void> {
  for (const s of segments) await repos.segments.refill(accountId, s.id, queryOf(s), now, now.toISOString());
}

/** The account's segments, the built-ins seeded first if it has none yet (its first customer event). */
async function segmentsOf(repos: Repos, accountId: string, now: Date, tiersChanged: boolean): Promise<Segment[]> {
  let segments = await repos.segments.list(accountId);
  if (tiersChanged || !segments.some((s) => s.builtIn)) {
    const changes = await ensureBuiltInSegments(repos.segments, accountId, await repos.loyalty.tiers.list(accountId), now.toISOString());
    if (changes.added.length || changes.changed.length || changes.removed.length) {
      await refillSegments(repos, accountId, [...changes.added, ...changes.changed], now);
      // Refilled without events: a mirrored built-in is compared in full by the sync job.
      if (segments.some((s) => s.syncTag)) await repos.segments.requestSyncCheck(accountId, now.toISOString());
      segments = await repos.segments.list(accountId);
    }
  }
  return segments;
}

/** Re-evaluates these customers of one account against each of its segments; writes the differences. */
export async function refreshMembership(
  repos: Repos,
  accountId: string,
  customerIds: Iterable<string>,
  now: Date,
  options: { tiersChanged?: boolean } = {},
): Promise<void> {
  const segments = await segmentsOf(repos, accountId, now, options.tiersChanged ?? false);
  const byId = new Map(segments.map((s) => [s.id, s]));
  const evaluated: EvaluatedSegment[] = segments.map((s) => ({ id: s.id, query: queryOf(s) }));
  const at = now.toISOString();
  for (const customerId of customerIds) {
    const matched = new Set(await repos.segments.matching(accountId, customerId, evaluated, now));
    const kept = new Set(await repos.segments.segmentsOf(accountId, customerId));
    const entered = [...matched].filter((id) => !kept.has(id));
    const left = [...kept].filter((id) => !matched.has(id) && byId.has(id));
    if (!entered.length && !left.length) continue;
    // An erased (or merged-away) customer leaves quietly: their timeline is gone with them.
    const customer = matched.size === 0 ? await repos.customers.get(accountId, customerId) : undefined;
    const quiet = matched.size === 0 && (!customer || customer.redactedAt !== null);
    for (const id of entered) {
      await repos.segments.enter(accountId, id, [customerId], at);
      await recordSegmentEvent(repos, accountId, customerId, 'segment_entered', byId.get(id)!, at);
    }
    for (const id of left) {
      await repos.segments.leave(accountId, id, [customerId]);
      if (!quiet) await recordSegmentEvent(repos, accountId, customerId, 'segment_left', byId.get(id)!, at);
    }
    // In this unit, so a store's mirror never misses the change (an erased customer's identities go with them).
    if (!quiet && [...entered, ...left].some((id) => byId.get(id)!.syncTag)) await repos.segments.noteForSync(accountId, customerId, at);
  }
}

/**
 * The same, as a unit of work of its own, for changes written outside the store's units (staff
 * tags, written by the customer notes read model): right after the change, not with it.
 */
export function refreshCustomers(store: CrmStore, accountId: string, customerIds: string[], now = new Date()): Promise<void> {
  return store.transaction((repos) => refreshMembership(repos, accountId, customerIds, now));
}
