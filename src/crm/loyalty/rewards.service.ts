import { z } from 'zod';
import { newId } from '../../lib/ids.ts';
import type { Repos } from '../store.port.ts';
import type { Reward } from './rewards.port.ts';

// The merchant's rewards catalogue. Input is checked strictly, per kind, and refused with the
// fields named; a deleted reward is only hidden, because redemptions keep pointing at it.

export const rewardKinds = ['fixed_amount', 'percentage', 'free_shipping', 'free_product'] as const;

export const rewardFields = z.strictObject({
  name: z.string().trim().min(1).max(100),
  kind: z.enum(rewardKinds),
  pointsCost: z.number().int().min(1, 'must be above zero').max(10_000_000),
  amountMinor: z.number().int().min(1).max(1_000_000_000_000).nullable().optional(),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as PKR')
    .nullable()
    .optional(),
  percentage: z.number().int().min(1).max(100).nullable().optional(),
  productExternalId: z.string().trim().min(1).max(200).nullable().optional(),
  minimumOrderMinor: z.number().int().min(0).max(1_000_000_000_000).nullable().optional(),
  limitPerCustomer: z.number().int().min(1).max(10_000).nullable().optional(),
  tierIds: z.array(z.string().min(1).max(100)).max(50).optional(),
  codeValidDays: z.number().int().min(1).max(3650).nullable().optional(),
  active: z.boolean().optional(),
});
type RewardInput = z.infer<typeof rewardFields>;
export const rewardPatch = rewardFields.partial();
type RewardPatch = z.infer<typeof rewardPatch>;

type Issue = { path: string; message: string };
type RewardOutcome = { outcome: 'saved'; reward: Reward } | { outcome: 'invalid'; issues: Issue[] } | { outcome: 'not_found' };

type Fields = Omit<Reward, 'id' | 'accountId' | 'createdAt' | 'updatedAt' | 'deletedAt'>;

// Fields a kind does not use are cleared, so changing a reward's kind leaves no stale value behind.
function normalise(f: Fields): Fields {
  return {
    ...f,
    amountMinor: f.kind === 'fixed_amount' ? f.amountMinor : null,
    currency: f.kind === 'fixed_amount' || f.minimumOrderMinor ? f.currency : null,
    percentage: f.kind === 'percentage' ? f.percentage : null,
    productExternalId: f.kind === 'free_product' ? f.productExternalId : null,
  };
}

async function check(repos: Repos, accountId: string, f: Fields): Promise<Issue[]> {
  const issues: Issue[] = [];
  const need = (ok: unknown, path: string, message: string) => void (ok ? null : issues.push({ path, message }));
  if (f.kind === 'fixed_amount') {
    need(f.amountMinor, 'amountMinor', 'a fixed-amount reward needs an amount (minor units)');
    need(f.currency, 'currency', 'a fixed-amount reward needs a currency');
  }
  need(f.kind !== 'percentage' || f.percentage, 'percentage', 'a percentage reward needs a percentage from 1 to 100');
  need(f.kind !== 'free_product' || f.productExternalId, 'productExternalId', 'a free-product reward needs the product id');
  for (const [i, tierId] of f.tierIds.entries()) {
    const tier = await repos.loyalty.tiers.get(accountId, tierId);
    need(tier && !tier.deletedAt, `tierIds.${i}`, 'no such tier');
  }
  return issues;
}

export async function createReward(repos: Repos, accountId: string, input: RewardInput, now: string): Promise<RewardOutcome> {
  const fields = normalise({
    name: input.name,
    kind: input.kind,
    pointsCost: input.pointsCost,
    amountMinor: input.amountMinor ?? null,
    currency: input.currency ?? null,
    percentage: input.percentage ?? null,
    productExternalId: input.productExternalId ?? null,
    minimumOrderMinor: input.minimumOrderMinor ?? null,
    limitPerCustomer: input.limitPerCustomer ?? null,
    tierIds: [...new Set(input.tierIds ?? [])],
    codeValidDays: input.codeValidDays ?? null,
    active: input.active ?? true,
  });
  const issues = await check(repos, accountId, fields);
  if (issues.length) return { outcome: 'invalid', issues };
  const reward: Reward = { id: newId('rwd'), accountId, ...fields, createdAt: now, updatedAt: now, deletedAt: null };
  await repos.loyalty.rewards.insert(reward);
  return { outcome: 'saved', reward };
}

/** Issued codes keep the reward as it was (a snapshot on the redemption); only new ones change. */
export async function updateReward(repos: Repos, accountId: string, id: string, patch: RewardPatch, now: string): Promise<RewardOutcome> {
  const current = await repos.loyalty.rewards.get(accountId, id);
  if (!current || current.deletedAt) return { outcome: 'not_found' };
  const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<Fields>;
  const { id: _i, accountId: _a, createdAt: _c, updatedAt: _u, deletedAt: _d, ...was } = current;
  const fields = normalise({ ...was, ...defined, tierIds: [...new Set(defined.tierIds ?? was.tierIds)] });
  const issues = await check(repos, accountId, fields);
  if (issues.length) return { outcome: 'invalid', issues };
  await repos.loyalty.rewards.update(accountId, id, { ...fields, updatedAt: now });
  return { outcome: 'saved', reward: { ...current, ...fields, updatedAt: now } };
}

export async function deleteReward(repos: Repos, accountId: string, id: string, now: string): Promise<boolean> {
  const current = await repos.loyalty.rewards.get(accountId, id);
  if (!current || current.deletedAt) return false;
  await repos.loyalty.rewards.update(accountId, id, { deletedAt: now, active: false, updatedAt: now });
  return true;
}
