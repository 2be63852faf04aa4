// The automated flows (issue #17): what starts each, and its settings. Pure.

export const FLOW_KINDS = [
  'welcome',
  'points_earned',
  'points_available',
  'reward_affordable',
  'points_expiring',
  'tier_up',
  'tier_down',
  'referral_rewarded',
  'birthday',
  'win_back',
  'feedback',
  'abandoned_checkout',
] as const;
export type FlowKind = (typeof FLOW_KINDS)[number];

export const isFlowKind = (s: string): s is FlowKind => (FLOW_KINDS as readonly string[]).includes(s);

export type FlowOptions = {
  /** Send at this hour (0–23) of the shop's day, the first one after the event and the delay; null: at once. */
  sendAtHour?: number | null;
  /** win_back: days without an order for a customer the insights have no expected reorder time for (default 60). */
  days?: number | null;
};

export const WIN_BACK_DEFAULT_DAYS = 60;

export type FlowSetting = {
  kind: FlowKind;
  enabled: boolean;
  templateId: string | null;
  delayMinutes: number;
  options: FlowOptions;
  updatedAt: string | null;
};

/** Minutes after the shopper's last step before the abandoned-checkout message (merchant-configurable). */
export const ABANDONED_CHECKOUT_DEFAULT_DELAY = 60;

export const defaultFlow = (kind: FlowKind): FlowSetting => ({
  kind,
  enabled: false,
  templateId: null,
  delayMinutes: kind === 'abandoned_checkout' ? ABANDONED_CHECKOUT_DEFAULT_DELAY : 0,
  options: {},
  updatedAt: null,
});

/**
 * The timeline kind each flow starts from (one timeline kind may feed several flows); null: a flow
 * with a pass of its own instead (abandoned checkout: crm/checkouts, from the checkouts table).
 */
export const TRIGGER: Record<FlowKind, string | null> = {
  welcome: 'customer_created',
  points_earned: 'points',
  points_available: 'points',
  reward_affordable: 'points',
  points_expiring: 'points_expiring',
  tier_up: 'tier_changed',
  tier_down: 'tier_changed',
  referral_rewarded: 'referral_completed',
  // Timeline entries the daily pass adds (daily-pass.service.ts): the shop's day of a member's
  // birthday, and a customer's lapse (no order since their expected reorder time).
  birthday: 'birthday',
  win_back: 'lapsed',
  feedback: 'order_delivered',
  abandoned_checkout: null,
};

const isString = (v: string | null): v is string => v !== null;

export const FLOW_EVENT_KINDS: ReadonlySet<string> = new Set(Object.values(TRIGGER).filter(isString));

/** The timeline kinds the account's enabled flows listen to. */
export function triggersOf(kinds: Iterable<FlowKind>): Set<string> {
  return new Set([...kinds].map((k) => TRIGGER[k]).filter(isString));
}

/** The flows a timeline kind may start. */
export function flowsOf(eventKind: string): FlowKind[] {
  return FLOW_KINDS.filter((k) => TRIGGER[k] === eventKind);
}

/** Event older than this when handled: dropped (a backfill of years of history must never mail every shopper). */
export const STALE_AFTER_MS = 48 * 3600_000;
