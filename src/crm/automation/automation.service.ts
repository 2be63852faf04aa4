import { adjustPoints } from '../loyalty/actions.service.ts';
import type { CrmStore } from '../store.port.ts';
import type { AutomationTrigger } from './automation.port.ts';

// What a platform's workflow tool asks of Rapport: award a shopper points (Shopify Flow's "Award
// loyalty points" action), and switch a trigger on or off for a store (Flow's lifecycle callback).

export const AUTOMATION_ACTOR = 'shopify_flow';
/** Largest award one action run may make: a typo in a workflow should not mint millions. */
export const MAX_AUTOMATION_POINTS = 100_000;

export type AutomationAward = {
  accountId: string;
  connectionId: string;
  /** The store's own customer id (Shopify's numeric id, as a string). */
  customerExternalId: string;
  points: number;
  reason: string;
  /** The platform's id of this run of the action: retries repeat it, so it is the award's key. */
  runId: string;
  now: string;
};

export type AwardOutcome =
  | { outcome: 'awarded'; points: number; balance: number }
  | { outcome: 'already_awarded'; balance: number }
  | { outcome: 'unknown_customer' };

/**
 * The manual-adjustment path (ledger reason `manual`, actor `shopify_flow`, the workflow's reason
 * as the note), keyed by the run id: a retried run finds its key and awards nothing more.
 */
export async function awardFromAutomation(store: CrmStore, a: AutomationAward): Promise<AwardOutcome> {
  return store.transaction(async (repos) => {
    const identity = await repos.customers.findIdentity(a.connectionId, a.customerExternalId);
    if (!identity || identity.deletedAt || identity.accountId !== a.accountId) return { outcome: 'unknown_customer' };
    const note = `Shopify Flow: ${a.reason}`;
    const r = await adjustPoints(
      repos,
      a.accountId,
      identity.customerId,
      a.points,
      note,
      AUTOMATION_ACTOR,
      `${AUTOMATION_ACTOR}:${a.runId}`,
      a.now,
    );
    const { available: balance } = await repos.loyalty.ledger.balance(identity.customerId);
    if (r.outcome === 'adjusted') return { outcome: 'awarded', points: a.points, balance };
    // Awards are positive, so `insufficient_points` cannot happen; anything else is a replay.
    return { outcome: 'already_awarded', balance };
  });
}

/** The platform says whether a workflow of the store uses the trigger; a later notice wins. */
export async function switchTrigger(
  store: CrmStore,
  s: { accountId: string; connectionId: string; trigger: AutomationTrigger; enabled: boolean; noticeAt: string; now: string },
): Promise<boolean> {
  return store.transaction((repos) => repos.automationTriggers.save({ ...s, updatedAt: s.now }));
}
