import type { Repos } from '../store.port.ts';
import { earningRule, type EarningRule } from './earning-rule.ts';
import { tierMultiplier } from './tiers.service.ts';

// The earning rule for one shopper (the WordPress plugin's cart estimate). Cheap enough for an
// anonymous endpoint: the current program, and for a known customer their member row, tier and
// tags, each one keyed read. Writes nothing (unlike /loyalty, it does not enrol the shopper).

export type ShopperEarning = { enabled: false } | ({ enabled: true } & EarningRule);

export async function shopperEarningRule(repos: Repos, accountId: string, customerId: string | null): Promise<ShopperEarning> {
  const program = await repos.loyalty.programs.current(accountId);
  if (!program?.settings.enabled) return { enabled: false };
  if (!customerId) return { enabled: true, ...earningRule(program, { multiplier: 1, earns: true }) };
  const excluded = program.settings.earning.excludedCustomerTags;
  const tags = excluded.length ? await repos.customers.tagsOf(customerId) : [];
  const earns = !tags.some((t) => excluded.includes(t));
  return { enabled: true, ...earningRule(program, { multiplier: await tierMultiplier(repos, accountId, customerId), earns }) };
}
