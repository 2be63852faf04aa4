import type { JobStatePort } from '../sync/job-state.port.ts';
import type { CrmStore, Repos } from '../store.port.ts';
import { ensureBuiltInSegments } from './built-in-segments.ts';
import { queryOf, recordSegmentEvent, refillSegments } from './membership.service.ts';
import type { Segment } from './segments.port.ts';

// The daily full check: what events cannot keep (relative dates drift with the clock, scores
// written by the insights job, a change made outside the store's units) is repaired here. Per
// account, in one unit of work: the built-ins made what they should be, each segment evaluated in
// full and compared with its kept members (entering and leaving recorded, marked `repair`), and
// today's size written. Accounts go in slices per tick, the position kept in job_state, so a
// restart or a new leader resumes where the last tick stopped; once every account is done the
// day is marked done.

export const MEMBERSHIP_CHECK_STATE = 'segments.membership_check';

type CheckState = { day: string; after: string; done: boolean };

export type CheckResult = { accounts: number; entered: number; left: number; done: boolean };

export type SegmentCheck = { entered: number; left: number; size: number; remaining: number };

/**
 * One segment evaluated in full and compared with its kept members; the differences written
 * (at most `limit` of them, the rest counted in `remaining`) and put on the timeline, marked
 * `repair` when they correct drift rather than follow a change (the daily check).
 */
export async function checkSegment(
  repos: Repos,
  accountId: string,
  segment: Segment,
  now: Date,
  options: { repair: boolean; limit?: number },
): Promise<SegmentCheck> {
  const at = now.toISOString();
  const fresh = await repos.segments.evaluate(accountId, queryOf(segment), now);
  const kept = new Set(await repos.segments.members(accountId, segment.id));
  const freshSet = new Set(fresh);
  const allEnters = fresh.filter((id) => !kept.has(id));
  const allLeaves = [...kept].filter((id) => !freshSet.has(id));
  const limit = options.limit ?? Infinity;
  const enters = allEnters.slice(0, limit);
  const leaves = allLeaves.slice(0, Math.max(0, limit - enters.length));
  await repos.segments.enter(accountId, segment.id, enters, at);
  await repos.segments.leave(accountId, segment.id, leaves);
  for (const id of enters) await recordSegmentEvent(repos, accountId, id, 'segment_entered', segment, at, options.repair);
  for (const id of leaves) await recordSegmentEvent(repos, accountId, id, 'segment_left', segment, at, options.repair);
  // Changes made here are not noted customer by customer: a mirrored segment's stores are compared in full.
  if (segment.syncTag && enters.length + leaves.length > 0) await repos.segments.requestSyncCheck(accountId, at);
  const remaining = allEnters.length + allLeaves.length - enters.length - leaves.length;
  return { entered: enters.length, left: leaves.length, size: fresh.length, remaining };
}

/** One account's full check, inside a unit of work. */
export async function checkAccountMembership(repos: Repos, accountId: string, now: Date): Promise<{ entered: number; left: number }> {
  const at = now.toISOString();
  const changes = await ensureBuiltInSegments(repos.segments, accountId, await repos.loyalty.tiers.list(accountId), at);
  await refillSegments(repos, accountId, [...changes.added, ...changes.changed], now);
  const day = at.slice(0, 10);
  let entered = 0;
  let left = 0;
  const segments = await repos.segments.list(accountId);
  // Repairs and refills happen without notes for the sync job: the mirrors are compared in full after.
  if (segments.some((s) => s.syncTag)) await repos.segments.requestSyncCheck(accountId, at);
  for (const segment of segments) {
    const r = await checkSegment(repos, accountId, segment, now, { repair: true });
    await repos.segments.recordSize(accountId, segment.id, day, r.size);
    entered += r.entered;
    left += r.left;
  }
  return { entered, left };
}

/** One tick: the next slice of accounts, unless today's check is done. */
export async function checkMembershipSlice(
  deps: { store: CrmStore; state: JobStatePort },
  now: Date,
  accountsPerTick = 20,
): Promise<CheckResult> {
  const day = now.toISOString().slice(0, 10);
  const saved = await deps.state.get<CheckState>(MEMBERSHIP_CHECK_STATE);
  const state: CheckState = saved?.day === day ? saved : { day, after: '', done: false };
  const result: CheckResult = { accounts: 0, entered: 0, left: 0, done: state.done };
  if (state.done) return result;
  const accounts = await deps.store.transaction((repos) => repos.segments.accountsAfter(state.after, accountsPerTick));
  for (const accountId of accounts) {
    const r = await deps.store.transaction((repos) => checkAccountMembership(repos, accountId, now));
    result.accounts++;
    result.entered += r.entered;
    result.left += r.left;
    state.after = accountId;
    await deps.state.set(MEMBERSHIP_CHECK_STATE, state, now.toISOString());
  }
  state.done = accounts.length < accountsPerTick;
  result.done = state.done;
  await deps.state.set(MEMBERSHIP_CHECK_STATE, state, now.toISOString());
  return result;
}

/** Every account at once, from the first (tests, a CLI): slices until the day is done. */
export async function checkAllMembership(deps: { store: CrmStore; state: JobStatePort }, now: Date): Promise<CheckResult> {
  const total: CheckResult = { accounts: 0, entered: 0, left: 0, done: false };
  await deps.state.set(MEMBERSHIP_CHECK_STATE, { day: now.toISOString().slice(0, 10), after: '', done: false } satisfies CheckState);
  for (;;) {
    const r = await checkMembershipSlice(deps, now);
    total.accounts += r.accounts;
    total.entered += r.entered;
    total.left += r.left;
    if (r.done) return { ...total, done: true };
  }
}
