import type { Loyalty } from '../../../../extensions/rapport-widget/src/api.ts';
import type { ProgramSettings } from '../../api.ts';

/**
 * What GET /storefront/.../loyalty answers a member, built from the program's settings for the
 * preview (mirrors `shopperLoyalty` in src/crm/loyalty/shopper.service.ts: orders by the earning
 * rates, then sign-up and first order when they give points, then referrals when they are on).
 * The `description`s stay empty: the widget words every way from its own locale texts.
 */
export function shopperView(s: ProgramSettings, sampleBalance: number): Loyalty {
  const ways: Loyalty['waysToEarn'] = [
    {
      action: 'order',
      points: null,
      rates: s.earning.rates.map(({ points, per, currency }) => ({ points, per, currency })),
      description: '',
    },
  ];
  for (const action of ['signup', 'firstOrder'] as const) {
    if (s.actions[action] > 0) ways.push({ action, points: s.actions[action], description: '' });
  }
  if (s.referrals.enabled && s.referrals.advocatePoints > 0)
    ways.push({ action: 'referral', points: s.referrals.advocatePoints, description: '' });
  return {
    loggedIn: true,
    enabled: true,
    earning: s.earning.rates,
    waysToEarn: ways,
    referrals: { enabled: s.referrals.enabled, friendPoints: s.referrals.friendPoints, advocatePoints: s.referrals.advocatePoints },
    join: null,
    member: {
      balance: sampleBalance,
      pending: 0,
      tier: null,
      referral: null,
      tierProgress: { metric: 'points_earned', current: sampleBalance, nextTier: null, remaining: 0 },
    },
  };
}
