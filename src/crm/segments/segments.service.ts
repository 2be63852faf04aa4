import { newId } from '../../lib/ids.ts';
import type { SegmentMember, SegmentQueriesPort } from './segment-queries.port.ts';
import type { Expr, SegmentQueryError } from './segment-query.ast.ts';
import { parseSegmentQuery } from './segment-query.parser.ts';
import { printSegmentQuery } from './segment-query.printer.ts';
import type { Segment, SegmentsPort } from './segments.port.ts';
import type { CrmStore } from '../store.port.ts';
import { ensureBuiltInSegments } from './built-in-segments.ts';
import { refillSegments } from './membership.service.ts';

// Saved segments: create, change, delete, preview and read members. A query is stored in its
// canonical text only once it parses, so a saved segment always runs. Expected outcomes are values.
// Members are kept (`segment_members`, membership.store.ts): a segment created or redefined is
// filled at once from a full evaluation, in the unit that saves it, without timeline events (nobody
// did anything to enter it); its member pages read the kept rows. The preview stays live.

export type SegmentInput = { name: string; query: string; syncTag?: string | null };
export type SegmentPatch = Partial<SegmentInput>;

export type SegmentOutcome =
  | { outcome: 'saved'; segment: Segment }
  | { outcome: 'invalid_query'; error: SegmentQueryError }
  | { outcome: 'name_taken' }
  | { outcome: 'tag_taken'; segmentName: string }
  | { outcome: 'built_in' }
  | { outcome: 'not_found' };

export type SegmentsDeps = { segments: SegmentsPort; queries: SegmentQueriesPort; store: CrmStore };

/** Parse and print: the canonical text, or where the query went wrong. */
function canonical(text: string): { ok: true; query: Expr; text: string } | { ok: false; error: SegmentQueryError } {
  const parsed = parseSegmentQuery(text);
  return parsed.ok ? { ok: true, query: parsed.query, text: printSegmentQuery(parsed.query) } : parsed;
}

/** A tag another segment of the account already mirrors as (tags are unique per account: one tag, one meaning). */
async function tagTaken(deps: SegmentsDeps, accountId: string, tag: string | null | undefined, own?: string) {
  if (!tag) return undefined;
  const other = await deps.segments.bySyncTag(accountId, tag);
  return other && other.id !== own ? other : undefined;
}

export async function createSegment(deps: SegmentsDeps, accountId: string, input: SegmentInput, now: string): Promise<SegmentOutcome> {
  const q = canonical(input.query);
  if (!q.ok) return { outcome: 'invalid_query', error: q.error };
  if (await deps.segments.byName(accountId, input.name)) return { outcome: 'name_taken' };
  const taken = await tagTaken(deps, accountId, input.syncTag);
  if (taken) return { outcome: 'tag_taken', segmentName: taken.name };
  const syncTag = input.syncTag ?? null;
  const segment: Segment = {
    id: newId('seg'),
    accountId,
    name: input.name,
    query: q.text,
    builtIn: null,
    syncTag,
    createdAt: now,
    updatedAt: now,
  };
  await deps.store.transaction(async (repos) => {
    await repos.segments.insert(segment);
    await refillSegments(repos, accountId, [segment], new Date(now));
    // Filled without events: the new mirror is compared in full by the sync job.
    if (syncTag) await repos.segments.requestSyncCheck(accountId, now);
  });
  return { outcome: 'saved', segment };
}

export async function updateSegment(
  deps: SegmentsDeps,
  accountId: string,
  id: string,
  patch: SegmentPatch,
  now: string,
): Promise<SegmentOutcome> {
  const current = await deps.segments.get(accountId, id);
  if (!current) return { outcome: 'not_found' };
  // A built-in is the catalogue's: only its mirror at the stores is the merchant's to choose.
  const redefines =
    (patch.name !== undefined && patch.name !== current.name) || (patch.query !== undefined && patch.query !== current.query);
  if (current.builtIn && redefines) return { outcome: 'built_in' };
  const q = canonical(patch.query ?? current.query);
  if (!q.ok) return { outcome: 'invalid_query', error: q.error };
  const name = patch.name ?? current.name;
  const other = name === current.name ? undefined : await deps.segments.byName(accountId, name);
  if (other) return { outcome: 'name_taken' };
  const syncTag = patch.syncTag === undefined ? current.syncTag : patch.syncTag;
  const taken = await tagTaken(deps, accountId, syncTag, id);
  if (taken) return { outcome: 'tag_taken', segmentName: taken.name };
  const segment = { ...current, name, query: q.text, syncTag, updatedAt: now };
  await deps.store.transaction(async (repos) => {
    await repos.segments.update(accountId, id, { name, query: q.text, syncTag, updatedAt: now });
    if (q.text !== current.query) await refillSegments(repos, accountId, [segment], new Date(now));
    // A new, changed or dropped mirror, or a mirror of members that changed without events.
    if (syncTag !== current.syncTag || (syncTag && q.text !== current.query)) await repos.segments.requestSyncCheck(accountId, now);
  });
  return { outcome: 'saved', segment };
}

export async function deleteSegment(
  deps: SegmentsDeps,
  accountId: string,
  id: string,
): Promise<{ outcome: 'deleted' } | { outcome: 'not_found' } | { outcome: 'built_in' }> {
  const current = await deps.segments.get(accountId, id);
  if (!current) return { outcome: 'not_found' };
  if (current.builtIn) return { outcome: 'built_in' };
  await deps.store.transaction(async (repos) => {
    await repos.segments.delete(accountId, id);
    // Its tag comes off the stores' customers: the comparison finds pushes no segment wants.
    if (current.syncTag) await repos.segments.requestSyncCheck(accountId, new Date().toISOString());
  });
  return { outcome: 'deleted' };
}

/** How many customers a query selects and the first few of them, before it is saved. */
export async function previewSegment(
  deps: SegmentsDeps,
  accountId: string,
  text: string,
  now: Date,
  sampleSize: number,
): Promise<{ outcome: 'ok'; count: number; sample: SegmentMember[] } | { outcome: 'invalid_query'; error: SegmentQueryError }> {
  const q = canonical(text);
  if (!q.ok) return { outcome: 'invalid_query', error: q.error };
  const [count, sample] = [
    await deps.queries.count(accountId, q.query, now),
    await deps.queries.members(accountId, q.query, now, { limit: sampleSize }),
  ];
  return { outcome: 'ok', count, sample };
}

/** The account's segments, oldest first; the built-ins seeded (and filled) first if it has none yet. */
export async function listSegments(deps: SegmentsDeps, accountId: string, now: Date): Promise<Segment[]> {
  const segments = await deps.segments.list(accountId);
  if (segments.some((s) => s.builtIn)) return segments;
  await deps.store.transaction(async (repos) => {
    const changes = await ensureBuiltInSegments(repos.segments, accountId, await repos.loyalty.tiers.list(accountId), now.toISOString());
    await refillSegments(repos, accountId, changes.added, now);
  });
  return deps.segments.list(accountId);
}

/** A saved segment's size per UTC day (the daily check writes them), oldest first. */
export async function segmentSizes(
  deps: SegmentsDeps,
  accountId: string,
  id: string,
): Promise<{ outcome: 'ok'; sizes: { day: string; size: number }[] } | { outcome: 'not_found' }> {
  if (!(await deps.segments.get(accountId, id))) return { outcome: 'not_found' };
  return { outcome: 'ok', sizes: await deps.queries.sizes(accountId, id) };
}

/** A page of a saved segment's kept members, in id order; `next` is the cursor of the following page. */
export async function segmentMembersPage(
  deps: SegmentsDeps,
  accountId: string,
  id: string,
  now: Date,
  page: { after?: string; limit: number },
): Promise<{ outcome: 'ok'; members: SegmentMember[]; next: string | null } | { outcome: 'not_found' }> {
  const segment = await deps.segments.get(accountId, id);
  if (!segment) return { outcome: 'not_found' };
  const members = await deps.queries.keptMembers(accountId, id, { after: page.after, limit: page.limit + 1 });
  const more = members.length > page.limit;
  const shown = more ? members.slice(0, page.limit) : members;
  return { outcome: 'ok', members: shown, next: more ? shown.at(-1)!.id : null };
}
