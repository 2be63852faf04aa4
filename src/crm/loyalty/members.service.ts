import type { Repos } from '../store.port.ts';
import { ensureMember } from './ledger.service.ts';
import type { Tier } from './loyalty.port.ts';
import { tierProgress, type TierProgress } from './tiers.service.ts';

// What a member's loyalty looks like: the summary shown on the profile and to the shopper.

export type LoyaltySummary = {
  balance: number;
  pending: number;
  lifetimeEarned: number;
  tier: Pick<Tier, 'id' | 'name' | 'multiplier'> | null;
  referralCode: string | null;
  birthday: string | null;
  memberSince: string | null;
  tierProgress: TierProgress;
};

export async function loyaltySummary(
  repos: Repos,
  accountId: string,
  customerId: string,
  now = new Date().toISOString(),
): Promise<LoyaltySummary> {
  const [balance, member] = [await repos.loyalty.ledger.balance(customerId), await repos.loyalty.members.get(customerId)];
  const tier = member?.tierId ? await repos.loyalty.tiers.get(accountId, member.tierId) : undefined;
  return {
    balance: balance.available,
    pending: balance.pending,
    lifetimeEarned: balance.lifetimeEarned,
    tier: tier ? { id: tier.id, name: tier.name, multiplier: tier.multiplier } : null,
    referralCode: member?.referralCode ?? null,
    birthday: member?.birthday ?? null,
    memberSince: member?.joinedAt ?? null,
    tierProgress: await tierProgress(repos, accountId, customerId, tier && !tier.deletedAt ? tier.id : null, now),
  };
}

/** Month and day only ("MM-DD"); Feb 29 is kept and celebrated on Feb 28 in other years. */
export function isBirthday(value: string): boolean {
  const m = /^(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [month, day] = [Number(m[1]), Number(m[2])];
  const days = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return month >= 1 && month <= 12 && day >= 1 && day <= days[month - 1]!;
}

export async function setBirthday(
  repos: Repos,
  accountId: string,
  customerId: string,
  birthday: string | null,
  now: string,
): Promise<void> {
  await ensureMember(repos, accountId, customerId, now);
  await repos.loyalty.members.update(customerId, { birthday });
}
