// Workflow automation on a store's platform (Shopify Flow today): the triggers Rapport sends when
// something happens to a shopper, and the switches the platform sets for them per store. Neutral
// names here; platforms/shopify/flow-triggers.ts turns a fire into a `flowTriggerReceive`.

export const AUTOMATION_TRIGGERS = ['points_earned', 'tier_changed', 'reward_redeemed', 'segment_entered'] as const;
export type AutomationTrigger = (typeof AUTOMATION_TRIGGERS)[number];

/** One trigger fired for a shopper of one store: the shopper by the store's own customer id, and what happened. */
export type TriggerFire =
  | { trigger: 'points_earned'; customerExternalId: string; points: number; balance: number; reason: string; pending: boolean }
  | { trigger: 'tier_changed'; customerExternalId: string; previousTier: string; newTier: string; promoted: boolean }
  | { trigger: 'reward_redeemed'; customerExternalId: string; reward: string; code: string; points: number; balance: number }
  | { trigger: 'segment_entered'; customerExternalId: string; segment: string };

/** `retryable: false` is a refusal a retry cannot change (an unknown trigger, a payload too large). */
export type TriggerSendOutcome = { ok: true } | { ok: false; reason: string; retryable: boolean };

/** Sends a fire to the store of a connection; platforms/shopify implements it with the Admin API. */
export type TriggerSender = (connectionId: string, fire: TriggerFire) => Promise<TriggerSendOutcome>;

export type TriggerSwitch = {
  accountId: string;
  connectionId: string;
  trigger: AutomationTrigger;
  enabled: boolean;
  /** The platform's time for the notice: a later notice wins, an older one arriving late changes nothing. */
  noticeAt: string;
  updatedAt: string;
};

/** `automation_triggers` (db/repos/automation-triggers.repo.ts, both databases). */
export interface AutomationTriggersRepo {
  /** The triggers some workflow of one of the account's stores uses now: one indexed read (the event queue's filter). */
  enabledTriggers(accountId: string): Promise<AutomationTrigger[]>;
  /** The account's connections with the trigger on. */
  connectionsWith(accountId: string, trigger: AutomationTrigger): Promise<string[]>;
  /** Stores the switch unless a notice at least as new is stored; returns whether it applied. */
  save(s: TriggerSwitch): Promise<boolean>;
}
