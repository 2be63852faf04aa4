import { describe, expect, it } from 'vitest';
import type { TriggerFire } from '../../../src/crm/automation/automation.port.ts';
import type { ShopifyAdminClient, ShopifyMutationResult } from '../../../src/platforms/shopify/admin-api.types.ts';
import { flowPayload, sendFlowTrigger } from '../../../src/platforms/shopify/flow-triggers.ts';

// flowTriggerReceive's outcomes as the automation consumer needs them: a refusal is final, an
// outage is worth a retry, and a payload over Flow's 50 KB is refused before any call.

const fire = (segment: string, customerExternalId = '7700001'): TriggerFire => ({
  trigger: 'segment_entered',
  customerExternalId,
  segment,
});

function client(result: ShopifyMutationResult<{ userErrors: [] }>) {
  const calls: Array<Record<string, unknown> | undefined> = [];
  const c = {
    shop: 'x.myshopify.com',
    query: () => Promise.reject(new Error('not used')),
    mutation: (_field: string, _q: string, variables?: Record<string, unknown>) => {
      calls.push(variables);
      return Promise.resolve(result);
    },
    lastThrottleStatus: () => null,
  } as unknown as ShopifyAdminClient;
  return { c, calls };
}

describe('sendFlowTrigger', () => {
  it.each([
    { title: 'accepted', result: { ok: true, data: { userErrors: [] }, userErrors: [], cost: null } as const, expected: { ok: true } },
    {
      title: 'refused with userErrors: final',
      result: {
        ok: true,
        data: { userErrors: [] },
        userErrors: [{ field: ['handle'], message: 'Invalid handle', code: null }],
        cost: null,
      } as const,
      expected: { ok: false, reason: 'Invalid handle', retryable: false },
    },
    {
      title: 'a 5xx that outlasted the retries: retried later',
      result: { ok: false, error: { kind: 'server', message: 'HTTP 503', status: 503, retryable: true } } as const,
      expected: { ok: false, reason: 'HTTP 503', retryable: true },
    },
  ])('$title', async ({ result, expected }) => {
    const { c, calls } = client(result as ShopifyMutationResult<{ userErrors: [] }>);
    expect(await sendFlowTrigger(c, fire('VIP'))).toEqual(expected);
    expect(calls).toEqual([{ handle: 'rapport-segment-entered', payload: { customer_id: 7700001, 'Segment name': 'VIP' } }]);
  });

  it('refuses a payload over 50 KB without calling Shopify', async () => {
    const { c, calls } = client({ ok: true, data: { userErrors: [] }, userErrors: [], cost: null });
    const r = await sendFlowTrigger(c, fire('x'.repeat(51 * 1024)));
    expect(r).toMatchObject({ ok: false, retryable: false });
    expect(calls).toEqual([]);
  });

  it('asks again later when the store has no token', async () => {
    expect(await sendFlowTrigger(null, fire('VIP'))).toMatchObject({ ok: false, retryable: true });
  });
});

describe('flowPayload', () => {
  it('sends the customer id as a number, as Flow expects, unless a number would round it', () => {
    expect(flowPayload(fire('VIP', '7700001')).customer_id).toBe(7700001);
    expect(flowPayload(fire('VIP', '98765432109876543')).customer_id).toBe('98765432109876543');
  });
});
