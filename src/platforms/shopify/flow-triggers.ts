import type { AutomationTrigger, TriggerFire, TriggerSendOutcome } from '../../crm/automation/automation.port.ts';
import type { ShopifyAdminClient, ShopifyUserError } from './admin-api.types.ts';

// Rapport's Shopify Flow triggers (extensions/rapport-flow-*), sent with the Admin API's
// `flowTriggerReceive(handle, payload)`. The payload's keys are the trigger extension's field keys
// (`customer_id` for its customer_reference field, so Flow loads the Customer; the others are the
// `key`s in the toml, letters and spaces only). test/unit/shopify-toml.test.ts holds the tomls to
// these keys. Shopify refuses payloads over 50 KB.

export const FLOW_TRIGGER_HANDLES: Record<AutomationTrigger, string> = {
  points_earned: 'rapport-points-earned',
  tier_changed: 'rapport-tier-changed',
  reward_redeemed: 'rapport-reward-redeemed',
  segment_entered: 'rapport-segment-entered',
};

/** Trigger titles (the toml `name`): Flow's lifecycle callback names a trigger by its definition id. */
export const FLOW_TRIGGER_TITLES: Record<AutomationTrigger, string> = {
  points_earned: 'Loyalty points earned',
  tier_changed: 'Loyalty tier changed',
  reward_redeemed: 'Loyalty reward redeemed',
  segment_entered: 'Customer entered segment',
};

/** The "Award loyalty points" action (extensions/rapport-flow-award-points). */
export const FLOW_ACTION_HANDLE = 'rapport-award-points';

export const FLOW_PAYLOAD_LIMIT_BYTES = 50 * 1024;

const FLOW_TRIGGER_RECEIVE = `mutation RapportFlowTrigger($handle: String, $payload: JSON) {
  flowTriggerReceive(handle: $handle, payload: $payload) { userErrors { field message } } }`;

/** A customer id as Flow's examples send it (a number), unless it would not survive as one. */
const customerId = (id: string): number | string => (Number.isSafeInteger(Number(id)) ? Number(id) : id);

/** The trigger's payload: `customer_id` and the toml's field keys. */
export function flowPayload(fire: TriggerFire): Record<string, unknown> {
  const base = { customer_id: customerId(fire.customerExternalId) };
  switch (fire.trigger) {
    case 'points_earned':
      return { ...base, 'Points earned': fire.points, 'Points balance': fire.balance, Reason: fire.reason, Pending: fire.pending };
    case 'tier_changed':
      return { ...base, 'Previous tier': fire.previousTier, 'New tier': fire.newTier, Promoted: fire.promoted };
    case 'reward_redeemed':
      return {
        ...base,
        'Reward name': fire.reward,
        'Discount code': fire.code,
        'Points spent': fire.points,
        'Points balance': fire.balance,
      };
    case 'segment_entered':
      return { ...base, 'Segment name': fire.segment };
  }
}

/** Sends one trigger; a refusal (userErrors, too large) is not retryable, an outage or throttling is. */
export async function sendFlowTrigger(client: ShopifyAdminClient | null, fire: TriggerFire): Promise<TriggerSendOutcome> {
  if (!client) return { ok: false, reason: 'no access token for the store', retryable: true };
  const payload = flowPayload(fire);
  const size = Buffer.byteLength(JSON.stringify(payload));
  if (size > FLOW_PAYLOAD_LIMIT_BYTES) return { ok: false, reason: `payload of ${size} bytes is over Flow's 50 KB`, retryable: false };
  const res = await client.mutation<{ userErrors: ShopifyUserError[] }>('flowTriggerReceive', FLOW_TRIGGER_RECEIVE, {
    handle: FLOW_TRIGGER_HANDLES[fire.trigger],
    payload,
  });
  if (!res.ok) return { ok: false, reason: res.error.message, retryable: res.error.retryable };
  if (res.userErrors.length) return { ok: false, reason: res.userErrors.map((e) => e.message).join('; '), retryable: false };
  return { ok: true };
}
