import type { Platform } from '../events.ts';
import type { Repos } from '../store.port.ts';
import { ensureMember } from './ledger.service.ts';
import type { LedgerEntry } from './loyalty.port.ts';
import { loyaltySummary, type LoyaltySummary } from './members.service.ts';
import type { ProgramSettings } from './program.settings.ts';
import { shopperBirthday } from './shopper-birthday.service.ts';

// What a shopper may see of the program and of their own points (the storefront widget). Only
// ever one customer's data, and nothing internal: no staff names or notes, no source ids.

/**
 * One way to earn, as data the widget words in the shopper's language: `action` (order, signup,
 * firstOrder, birthday, newsletter, review, referral), `points`, and for orders the `rates`.
 * `description` is the English sentence, kept for older widgets and the WooCommerce plugin.
 */
type WayToEarn = {
  action: string;
  points: number | null;
  rates?: Array<{ points: number; per: string; currency: string }>;
  description: string;
};

type ShopperLoyalty = {
  enabled: boolean;
  earning: Array<{ currency: string; points: number; per: string }>;
  /** How the server rounds `amount x points / per` (floor, round, ceil): estimates must round alike. */
  rounding: ProgramSettings['earning']['rounding'];
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
    /** "MM-DD" or null; `birthdayChangeableFrom` is set while a shopper's own entry is locked. */
    birthday: string | null;
    birthdayChangeableFrom: string | null;
  } | null;
};

/**
 * Ways a shopper can earn by themselves, per platform, besides orders, signup and referrals.
 * Birthday: the widget's form (app proxy) and the WordPress plugin's My Account tab. Newsletter:
 * Shopify's marketing-consent webhooks; the plugin's opt-in (checkout and My Account) on
 * WooCommerce. Reviews have no shopper path yet (they arrive with the service module).
 */
export const SHOPPER_EARN_PATHS: Record<Platform, ReadonlyArray<'birthday' | 'newsletter' | 'review'>> = {
  shopify: ['birthday', 'newsletter'],
  woocommerce: ['birthday', 'newsletter'],
};

export async function shopperLoyalty(
  repos: Repos,
  accountId: string,
  customerId: string | null,
  siteUrl: string,
  now: string,
  platform: Platform | null = null,
): Promise<ShopperLoyalty> {
  const program = await repos.loyalty.programs.current(accountId);
  const settings = program?.settings;
  if (!settings?.enabled) {
    return {
      enabled: false,
      earning: [],
      rounding: 'floor',
      waysToEarn: [],
      referrals: { enabled: false, friendPoints: 0, advocatePoints: 0 },
      join: null,
      member: null,
    };
  }
  const { enabled, friendPoints, advocatePoints } = settings.referrals;
  const base = {
    enabled: true,
    earning: settings.earning.rates.map(({ currency, points, per }) => ({ currency, points, per })),
    rounding: settings.earning.rounding,
    waysToEarn: waysToEarn(settings, platform ? SHOPPER_EARN_PATHS[platform] : []),
    referrals: { enabled, friendPoints, advocatePoints },
  };
  if (!customerId) {
    const signup = settings.actions.signup;
    const message =
      signup > 0
        ? `Create an account to join: ${signup} points on sign-up, then points on every order.`
        : 'Create an account to join and earn points on every order.';
    return { ...base, join: { signupPoints: signup, message }, member: null };
  }
  // A logged-in shopper who wants to share their link needs a code: membership starts here.
  if (enabled) await ensureMember(repos, accountId, customerId, now);
  const summary = await loyaltySummary(repos, accountId, customerId);
  const code = enabled ? summary.referralCode : null;
  const birthday = await shopperBirthday(repos, customerId, now);
  return {
    ...base,
    join: null,
    member: {
      balance: summary.balance,
      pending: summary.pending,
      tier: summary.tier && { name: summary.tier.name, multiplier: summary.tier.multiplier },
      tierProgress: summary.tierProgress,
      referral: code ? { code, link: `${siteUrl.replace(/\/?$/, '/')}?ref=${encodeURIComponent(code)}` } : null,
      birthday: birthday.birthday,
      birthdayChangeableFrom: birthday.changeableFrom,
    },
  };
}

function waysToEarn(s: ProgramSettings, paths: ReadonlyArray<string>): WayToEarn[] {
  const rates = s.earning.rates.map((r) => `${r.points} point${r.points === 1 ? '' : 's'} per ${r.per} ${r.currency}`).join(', ');
  const ways: WayToEarn[] = [
    {
      action: 'order',
      points: null,
      rates: s.earning.rates.map(({ points, per, currency }) => ({ points, per, currency })),
      description: `${rates} spent.`,
    },
  ];
  // Only what a shopper can do from this store today (SHOPPER_EARN_PATHS): the widget never
  // promises points the shopper has no way to earn.
  const actions: Array<[keyof ProgramSettings['actions'], string]> = [
    ['signup', 'Create an account'],
    ['firstOrder', 'Place your first order'],
    ['birthday', 'Add your birthday'],
    ['newsletter', 'Join the newsletter'],
    ['review', 'Review a product'],
  ];
  for (const [action, text] of actions) {
    const points = s.actions[action];
    const shopperPath = action === 'signup' || action === 'firstOrder' || paths.includes(action);
    if (points > 0 && shopperPath) ways.push({ action, points, description: `${text}: ${points} points.` });
  }
  if (s.referrals.enabled && s.referrals.advocatePoints > 0) {
    ways.push({
      action: 'referral',
      points: s.referrals.advocatePoints,
      description: `Refer a friend: ${s.referrals.advocatePoints} points when their first order is complete.`,
    });
  }
  return ways;
}

type ShopperLedgerEntry = Pick<LedgerEntry, 'reason' | 'state' | 'points' | 'pendingDelta' | 'availableDelta' | 'occurredAt'> & {
  id: string;
  note: string | null;
};

/** The shopper's own ledger, newest first. Staff notes on manual adjustments stay internal. */
export async function shopperHistory(repos: Repos, customerId: string, page: { before?: number; first: number }) {
  const rows = await repos.loyalty.ledger.page(customerId, { beforeId: page.before, limit: page.first + 1 });
  const entries: ShopperLedgerEntry[] = rows.slice(0, page.first).map((e) => ({
    id: String(e.id),
    reason: e.reason,
    state: e.state,
    points: e.points,
    pendingDelta: e.pendingDelta,
    availableDelta: e.availableDelta,
    occurredAt: e.occurredAt,
    note: e.reason === 'manual' ? null : e.note,
  }));
  return { entries, pageInfo: { hasNextPage: rows.length > page.first, endCursor: entries.at(-1)?.id ?? null } };
}
