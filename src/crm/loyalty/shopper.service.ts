import type { Repos } from '../store.port.ts';
import { ensureMember } from './ledger.service.ts';
import type { LedgerEntry } from './loyalty.port.ts';
import { loyaltySummary, type LoyaltySummary } from './members.service.ts';
import type { ProgramSettings } from './program.settings.ts';

// What a shopper may see of the program and of their own points (the storefront widget). Only
// ever one customer's data, and nothing internal: no staff names or notes, no source ids.

/**
 * One way to earn, as data the widget words in the shopper's language: `action` (order, signup,
 * firstOrder, birthday, newsletter, review, referral), `points`, and for orders the `rates`.
 * `description` is the English sentence, kept for older widgets and the WooCommerce plugin.
 */
type WayToEarn = { action: string; points: number | null; rates?: Array<{ points: number; per: string; currency: string }>; description: string };

type ShopperLoyalty = {
  enabled: boolean;
  earning: Array<{ currency: string; points: number; per: string }>;
  waysToEarn: WayToEarn[];
  referrals: { enabled: boolean; friendPoints: number; advocatePoints: number };
  /** Guests: how to join. */
  join: { signupPoints: number; message: string } | null;
  member: {
    balance: number;
    pending: number;
    tier: { name: string; multiplier: number } | null;
    /** How far to the next tier (points earned or amount spent this period). */
    tierProgress: LoyaltySummary['tierProgress'];
    referral: { code: string; link: string } | null;
  } | null;
};

export async function shopperLoyalty(repos: Repos, accountId: string, customerId: string | null, siteUrl: string, now: string): Promise<ShopperLoyalty> {
  const program = await repos.loyalty.programs.current(accountId);
  const settings = program?.settings;
  if (!settings?.enabled) {
    return { enabled: false, earning: [], waysToEarn: [], referrals: { enabled: false, friendPoints: 0, advocatePoints: 0 }, join: null, member: null };
  }
  const { enabled, friendPoints, advocatePoints } = settings.referrals;
  const base = {
    enabled: true, earning: settings.earning.rates.map(({ currency, points, per }) => ({ currency, points, per })),
    waysToEarn: waysToEarn(settings), referrals: { enabled, friendPoints, advocatePoints },
  };
  if (!customerId) {
    const signup = settings.actions.signup;
    const message = signup > 0 ? `Create an account to join: ${signup} points on sign-up, then points on every order.` : 'Create an account to join and earn points on every order.';
    return { ...base, join: { signupPoints: signup, message }, member: null };
  }
  // A logged-in shopper who wants to share their link needs a code: membership starts here.
  if (enabled) await ensureMember(repos, accountId, customerId, now);
  const summary = await loyaltySummary(repos, accountId, customerId);
  const code = enabled ? summary.referralCode : null;
  return {
    ...base, join: null,
    member: {
      balance: summary.balance, pending: summary.pending, tier: summary.tier && { name: summary.tier.name, multiplier: summary.tier.multiplier },
      tierProgress: summary.tierProgress,
      referral: code ? { code, link: `${siteUrl.replace(/\/?$/, '/')}?ref=${encodeURIComponent(code)}` } : null,
    },
  };
}

function waysToEarn(s: ProgramSettings): WayToEarn[] {
  const rates = s.earning.rates.map((r) => `${r.points} point${r.points === 1 ? '' : 's'} per ${r.per} ${r.currency}`).join(', ');
  const ways: WayToEarn[] = [{
    action: 'order', points: null, rates: s.earning.rates.map(({ points, per, currency }) => ({ points, per, currency })), description: `${rates} spent.`,
  }];
  // Only what a shopper can do from the store today. Birthday, newsletter and review points are
  // awarded when staff record them (a birthday set on the profile, an action), but a shopper has
  // no way yet to enter a birthday, have a marketing opt-in counted or write a review: the widget
  // does not promise them until those paths exist (issue #13, item 12).
  const actions: Array<[keyof ProgramSettings['actions'], string]> = [
    ['signup', 'Create an account'], ['firstOrder', 'Place your first order'],
  ];
  for (const [action, text] of actions) {
    const points = s.actions[action];
    if (points > 0) ways.push({ action, points, description: `${text}: ${points} points.` });
  }
  if (s.referrals.enabled && s.referrals.advocatePoints > 0) {
    ways.push({ action: 'referral', points: s.referrals.advocatePoints, description: `Refer a friend: ${s.referrals.advocatePoints} points when their first order is complete.` });
  }
  return ways;
}

type ShopperLedgerEntry = Pick<LedgerEntry, 'reason' | 'state' | 'points' | 'pendingDelta' | 'availableDelta' | 'occurredAt'> & { id: string; note: string | null };

/** The shopper's own ledger, newest first. Staff notes on manual adjustments stay internal. */
export async function shopperHistory(repos: Repos, customerId: string, page: { before?: number; first: number }) {
  const rows = await repos.loyalty.ledger.page(customerId, { beforeId: page.before, limit: page.first + 1 });
  const entries: ShopperLedgerEntry[] = rows.slice(0, page.first).map((e) => ({
    id: String(e.id), reason: e.reason, state: e.state, points: e.points, pendingDelta: e.pendingDelta, availableDelta: e.availableDelta,
    occurredAt: e.occurredAt, note: e.reason === 'manual' ? null : e.note,
  }));
  return { entries, pageInfo: { hasNextPage: rows.length > page.first, endCursor: entries.at(-1)?.id ?? null } };
}
