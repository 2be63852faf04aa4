import { fromMinor } from '../../lib/money.ts';
import type { Repos } from '../store.port.ts';
import { addMonths, startOfYear, yearOf } from './calendar.ts';
import type { ProgramSettings } from './program.settings.ts';

// What a member has done towards a tier: points earned or money spent, over the program's
// qualifying period.

type TierRules = ProgramSettings['tiers'];
type Window = { from: string | null; to: string; label: string };

const OPEN_END = '9999-12-31T23:59:59.999Z';

export const DEFAULT_TIER_RULES: TierRules = { basis: 'points_earned', period: 'lifetime', graceDays: 0 };

/** The period that counts now: everything, the trailing 12 months, or the calendar year so far. */
export function currentWindow(rules: TierRules, now: string): Window {
  switch (rules.period) {
    case 'lifetime':
      return { from: null, to: OPEN_END, label: 'lifetime' };
    case 'rolling_12_months':
      return { from: addMonths(now, -12), to: OPEN_END, label: 'the last 12 months' };
    case 'calendar_year':
      return { from: startOfYear(yearOf(now)), to: OPEN_END, label: String(yearOf(now)) };
  }
}

/** The calendar year before the one `now` is in. */
export function previousYear(now: string): Window {
  const year = yearOf(now);
  return { from: startOfYear(year - 1), to: startOfYear(year), label: String(year - 1) };
}

export type Measure = { value: number; text: string };

export async function measure(repos: Repos, accountId: string, customerId: string, rules: TierRules, window: Window): Promise<Measure> {
  if (rules.basis === 'points_earned') {
    const value = await repos.loyalty.ledger.earnedBetween(customerId, window.from, window.to);
    return { value, text: `${value} points earned (${window.label})` };
  }
  const currency = await repos.connections.accountCurrency(accountId);
  const value = await repos.orders.spentBetween(customerId, currency, window.from, window.to);
  return { value, text: `${currency} ${fromMinor(value, currency)} spent (${window.label})` };
}
