import type { Repos } from '../store.port.ts';

// VIP tiers. A member's tier multiplies the points of orders first awarded while they hold it.

export async function tierMultiplier(repos: Repos, accountId: string, customerId: string): Promise<number> {
  const member = await repos.loyalty.members.get(customerId);
  if (!member?.tierId) return 1;
  const tier = await repos.loyalty.tiers.get(accountId, member.tierId);
  return tier && !tier.deletedAt ? tier.multiplier : 1;
}
