import { loyaltySummary, type LoyaltySummary } from '../../loyalty/members.service.ts';
import type { CrmStore } from '../../store.port.ts';
import type { MergeContextPort, ShopFacts, ShopperFacts } from './merge-context.port.ts';
import type { MergeContext } from './merge-fields.ts';

// One shopper's merge context from what Rapport knows: the profile, the loyalty summary (balance,
// pending, tier and the gap to the next one, referral code), the latest order and issued reward,
// the shop. The gap is in points only when tiers count points: a spend gap is not "points to next".

export type MergeContextDeps = { facts: MergeContextPort; store: CrmStore };

export type ShopperContext = { context: MergeContext; language: string | null; shop: ShopFacts };

export async function shopperMergeContext(
  deps: MergeContextDeps,
  accountId: string,
  customerId: string,
  unsubscribeUrl: string | null,
  now: string,
): Promise<ShopperContext | null> {
  const shop = await deps.facts.shop(accountId);
  const shopper = shop && (await deps.facts.shopper(accountId, customerId));
  if (!shop || !shopper) return null;
  const loyalty = await deps.store.transaction((repos) => loyaltySummary(repos, accountId, customerId, now));
  return mergeContextOf(shop, shopper, loyalty, unsubscribeUrl);
}

/** The merge context from facts already read (composing a page of shoppers reads them in bulk). */
export function mergeContextOf(
  shop: ShopFacts,
  shopper: ShopperFacts,
  loyalty: LoyaltySummary,
  unsubscribeUrl: string | null,
): ShopperContext {
  const progress = loyalty.tierProgress;
  const code = loyalty.referralCode;
  return {
    shop,
    language: shopper.locale,
    context: {
      first_name: shopper.firstName,
      last_name: shopper.lastName,
      points: { balance: loyalty.balance, pending: loyalty.pending },
      tier: {
        name: loyalty.tier?.name ?? null,
        next_name: progress.nextTier?.name ?? null,
        points_to_next: progress.nextTier && progress.metric === 'points_earned' ? progress.remaining : null,
      },
      reward: { code: shopper.latestReward?.code ?? null, title: shopper.latestReward?.title ?? null },
      referral: { link: code && shop.siteUrl ? `${shop.siteUrl.replace(/\/?$/, '/')}?ref=${encodeURIComponent(code)}` : null },
      order: { number: shopper.latestOrderNumber },
      checkout: { url: null, total: null, items: null, item_count: null },
      store: { name: shop.name },
      unsubscribe_url: unsubscribeUrl,
    },
  };
}
