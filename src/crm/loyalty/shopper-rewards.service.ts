import type { Repos } from '../store.port.ts';
import type { Redemption, Reward } from './rewards.port.ts';

// The rewards a shopper can see in the widget, and whether each is within reach for them now.
// Same rules the redemption applies (tier-only, per-customer limit, points), said in advance.

type ShopperReward = {
  id: string;
  name: string;
  kind: Reward['kind'];
  pointsCost: number;
  amountMinor: number | null;
  currency: string | null;
  percentage: number | null;
  minimumOrderMinor: number | null;
  /** Redeemable now; otherwise `reason` says why in words a shopper understands. */
  available: boolean;
  reason: string | null;
};

type ShopperCode = Pick<Redemption, 'id' | 'code' | 'status' | 'points' | 'createdAt' | 'expiresAt'> & { rewardName: string };

export async function shopperRewards(repos: Repos, accountId: string, customerId: string | null): Promise<ShopperReward[]> {
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled) return [];
  const rewards = (await repos.loyalty.rewards.list(accountId)).filter((r) => r.active);
  const member = customerId ? await repos.loyalty.members.get(customerId) : undefined;
  const balance = customerId ? (await repos.loyalty.ledger.balance(customerId)).available : 0;
  const out: ShopperReward[] = [];
  for (const r of rewards) {
    let reason: string | null = null;
    if (!customerId) reason = 'Log in to redeem.';
    else if (r.tierIds.length && !(member?.tierId && r.tierIds.includes(member.tierId))) {
      const names = (await Promise.all(r.tierIds.map((id) => repos.loyalty.tiers.get(accountId, id)))).flatMap((t) =>
        t && !t.deletedAt ? [t.name] : [],
      );
      reason = `For ${names.join(' or ') || 'VIP'} members.`;
    } else if (r.limitPerCustomer !== null && (await repos.loyalty.redemptions.countTowardsLimit(customerId, r.id)) >= r.limitPerCustomer) {
      reason = 'Already redeemed.';
    } else if (balance < r.pointsCost) reason = `${r.pointsCost - balance} more points needed.`;
    out.push({
      id: r.id,
      name: r.name,
      kind: r.kind,
      pointsCost: r.pointsCost,
      amountMinor: r.amountMinor,
      currency: r.currency,
      percentage: r.percentage,
      minimumOrderMinor: r.minimumOrderMinor,
      available: reason === null,
      reason,
    });
  }
  return out.sort((a, b) => a.pointsCost - b.pointsCost);
}

/** Codes the shopper holds and can still use (issued, not used, not expired), newest first. */
export async function shopperCodes(repos: Repos, customerId: string, now: string): Promise<ShopperCode[]> {
  return (await repos.loyalty.redemptions.ofCustomer(customerId))
    .filter((r) => r.status === 'issued' && !r.usedAt && (!r.expiresAt || r.expiresAt > now))
    .map((r) => ({
      id: r.id,
      code: r.code,
      status: r.status,
      points: r.points,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      rewardName: r.reward.name,
    }));
}
