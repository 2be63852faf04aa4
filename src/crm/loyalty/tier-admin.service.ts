import { z } from 'zod';
import { newId } from '../../lib/ids.ts';
import type { Repos } from '../store.port.ts';
import type { Tier } from './loyalty.port.ts';
import { evaluateTier } from './tiers.service.ts';

// The merchant's tiers: validated strictly, deleted softly (a deleted tier still names the past
// on timelines and ledgers), and members of a deleted tier re-evaluated at once.

const fields = {
  name: z.string().trim().min(1, 'give the tier a name').max(60),
  /** Points earned, or minor units of the account currency spent, in the qualifying period. */
  threshold: z.number().int().min(0).max(1_000_000_000_000),
  multiplier: z.number().min(1).max(10),
  entryPoints: z.number().int().min(0).max(1_000_000),
  perks: z.string().trim().max(1000).nullable(),
};

export const tierInput = z.strictObject({
  ...fields,
  multiplier: fields.multiplier.default(1),
  entryPoints: fields.entryPoints.default(0),
  perks: fields.perks.default(null),
});
export const tierPatch = z.strictObject({
  name: fields.name.optional(),
  threshold: fields.threshold.optional(),
  multiplier: fields.multiplier.optional(),
  entryPoints: fields.entryPoints.optional(),
  perks: fields.perks.optional(),
});

type TierInput = z.output<typeof tierInput>;
type TierPatch = z.output<typeof tierPatch>;
type Issue = { path: string; message: string };
export type TierOutcome = { outcome: 'saved'; tier: Tier } | { outcome: 'invalid'; issues: Issue[] } | { outcome: 'not_found' };

export function listTiers(repos: Repos, accountId: string): Promise<Tier[]> {
  return repos.loyalty.tiers.list(accountId);
}

export async function createTier(repos: Repos, accountId: string, input: TierInput, now: string): Promise<TierOutcome> {
  const parsed = tierInput.safeParse(input);
  if (!parsed.success) return { outcome: 'invalid', issues: issuesOf(parsed.error) };
  const issues = clashes(await repos.loyalty.tiers.list(accountId), parsed.data, null);
  if (issues.length) return { outcome: 'invalid', issues };
  const tier: Tier = { id: newId('tier'), accountId, ...parsed.data, createdAt: now, updatedAt: now, deletedAt: null };
  await repos.loyalty.tiers.insert(tier);
  return { outcome: 'saved', tier };
}

/**
 * A changed threshold or multiplier applies from now on: members keep their tier until their
 * next review, and orders already awarded keep the multiplier they were awarded with.
 */
export async function updateTier(repos: Repos, accountId: string, id: string, patch: TierPatch, now: string): Promise<TierOutcome> {
  const parsed = tierPatch.safeParse(patch);
  if (!parsed.success) return { outcome: 'invalid', issues: issuesOf(parsed.error) };
  const existing = await repos.loyalty.tiers.get(accountId, id);
  if (!existing || existing.deletedAt) return { outcome: 'not_found' };
  const next = { ...existing, ...stripUndefined(parsed.data), updatedAt: now };
  const issues = clashes(await repos.loyalty.tiers.list(accountId), next, id);
  if (issues.length) return { outcome: 'invalid', issues };
  await repos.loyalty.tiers.update(accountId, id, { ...stripUndefined(parsed.data), updatedAt: now });
  return { outcome: 'saved', tier: next };
}

type DeleteOutcome = { outcome: 'deleted'; reevaluated: number } | { outcome: 'not_found' };

export async function deleteTier(repos: Repos, accountId: string, id: string, now: string): Promise<DeleteOutcome> {
  const existing = await repos.loyalty.tiers.get(accountId, id);
  if (!existing || existing.deletedAt) return { outcome: 'not_found' };
  await repos.loyalty.tiers.update(accountId, id, { deletedAt: now, updatedAt: now });
  let reevaluated = 0;
  for (let after: string | null = null; ;) {
    const members = await repos.loyalty.members.page(accountId, { tierId: id }, after, 200);
    for (const m of members) await evaluateTier(repos, accountId, m.customerId, now);
    reevaluated += members.length;
    if (members.length < 200) return { outcome: 'deleted', reevaluated };
    after = members.at(-1)!.customerId;
  }
}

function clashes(live: Tier[], candidate: Pick<Tier, 'name' | 'threshold'>, selfId: string | null): Issue[] {
  const others = live.filter((t) => t.id !== selfId);
  const issues: Issue[] = [];
  if (others.some((t) => t.threshold === candidate.threshold))
    issues.push({ path: 'threshold', message: 'another tier already has this threshold' });
  if (others.some((t) => t.name.toLowerCase() === candidate.name.toLowerCase()))
    issues.push({ path: 'name', message: 'another tier already has this name' });
  return issues;
}

function issuesOf(error: z.ZodError): Issue[] {
  return error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

function stripUndefined<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
