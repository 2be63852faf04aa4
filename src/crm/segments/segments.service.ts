import { newId } from '../../lib/ids.ts';
import type { SegmentMember, SegmentQueriesPort } from './segment-queries.port.ts';
import type { Expr, SegmentQueryError } from './segment-query.ast.ts';
import { parseSegmentQuery } from './segment-query.parser.ts';
import { printSegmentQuery } from './segment-query.printer.ts';
import type { Segment, SegmentsPort } from './segments.port.ts';

// Saved segments: create, change, delete, preview and read members. A query is stored in its
// canonical text only once it parses, so a saved segment always runs. Expected outcomes are values.

export type SegmentInput = { name: string; query: string };
export type SegmentPatch = Partial<SegmentInput>;

export type SegmentOutcome =
  | { outcome: 'saved'; segment: Segment }
  | { outcome: 'invalid_query'; error: SegmentQueryError }
  | { outcome: 'name_taken' }
  | { outcome: 'built_in' }
  | { outcome: 'not_found' };

export type SegmentsDeps = { segments: SegmentsPort; queries: SegmentQueriesPort };

/** Parse and print: the canonical text, or where the query went wrong. */
function canonical(text: string): { ok: true; query: Expr; text: string } | { ok: false; error: SegmentQueryError } {
  const parsed = parseSegmentQuery(text);
  return parsed.ok ? { ok: true, query: parsed.query, text: printSegmentQuery(parsed.query) } : parsed;
}

export async function createSegment(deps: SegmentsDeps, accountId: string, input: SegmentInput, now: string): Promise<SegmentOutcome> {
  const q = canonical(input.query);
  if (!q.ok) return { outcome: 'invalid_query', error: q.error };
  if (await deps.segments.byName(accountId, input.name)) return { outcome: 'name_taken' };
  const segment: Segment = { id: newId('seg'), accountId, name: input.name, query: q.text, builtIn: null, createdAt: now, updatedAt: now };
  await deps.segments.insert(segment);
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
  if (current.builtIn) return { outcome: 'built_in' };
  const q = canonical(patch.query ?? current.query);
  if (!q.ok) return { outcome: 'invalid_query', error: q.error };
  const name = patch.name ?? current.name;
  const other = name === current.name ? undefined : await deps.segments.byName(accountId, name);
  if (other) return { outcome: 'name_taken' };
  await deps.segments.update(accountId, id, { name, query: q.text, updatedAt: now });
  return { outcome: 'saved', segment: { ...current, name, query: q.text, updatedAt: now } };
}

export async function deleteSegment(
  deps: SegmentsDeps,
  accountId: string,
  id: string,
): Promise<{ outcome: 'deleted' } | { outcome: 'not_found' } | { outcome: 'built_in' }> {
  const current = await deps.segments.get(accountId, id);
  if (!current) return { outcome: 'not_found' };
  if (current.builtIn) return { outcome: 'built_in' };
  await deps.segments.delete(accountId, id);
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

/** A page of a saved segment's members, in id order; `next` is the cursor of the following page. */
export async function segmentMembersPage(
  deps: SegmentsDeps,
  accountId: string,
  id: string,
  now: Date,
  page: { after?: string; limit: number },
): Promise<{ outcome: 'ok'; members: SegmentMember[]; next: string | null } | { outcome: 'not_found' }> {
  const segment = await deps.segments.get(accountId, id);
  if (!segment) return { outcome: 'not_found' };
  const parsed = parseSegmentQuery(segment.query);
  // Saved only once it parsed: a stored query that no longer does is a bug, not an outcome.
  if (!parsed.ok) throw new Error(`Segment ${id} holds a query that does not parse: ${parsed.error.message}`);
  const members = await deps.queries.members(accountId, parsed.query, now, { after: page.after, limit: page.limit + 1 });
  const more = members.length > page.limit;
  const shown = more ? members.slice(0, page.limit) : members;
  return { outcome: 'ok', members: shown, next: more ? shown.at(-1)!.id : null };
}
