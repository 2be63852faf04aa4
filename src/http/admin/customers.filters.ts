import { z } from 'zod';
import type { CustomerFilters } from '../../crm/customers/customer-list.ts';
import { toMinor } from '../../lib/money.ts';

// Optional filters of GET /api/customers and its CSV export, parsed strictly: a typo in a
// filter is a 400 naming the field, never a silently wider list.

const DAY_MS = 86_400_000;
/** A UTC calendar day. Date.parse rolls 2026-02-30 over to March 2nd; a real day survives the round trip. */
export const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date such as 2026-03-01')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === d;
  }, 'not a real date (no such calendar day)');
const count = z.coerce.number().int().min(0).max(1_000_000);
const amount = z.string().regex(/^\d{1,12}(\.\d{1,3})?$/, 'an amount such as "5000" or "49.99"');
export const paymentMethods = ['cod', 'card', 'wallet', 'bank_transfer', 'gift_card', 'other', 'unknown'] as const;

export const filterFields = {
  tags: z.string().max(500).optional().describe('Comma-separated; customers with any of these tags'),
  tier: z.string().min(1).max(100).optional().describe('A tier id, or `none` for members without a tier and non-members'),
  minOrders: count.optional(),
  maxOrders: count.optional(),
  minSpent: amount.optional().describe('Amount spent (net of refunds) in the account currency, at least'),
  maxSpent: amount.optional(),
  lastOrderFrom: day.optional().describe('Last order on or after this UTC day'),
  lastOrderTo: day.optional().describe('Last order on or before this UTC day'),
  paymentMethod: z.enum(paymentMethods).optional().describe('Paid at least once with this method'),
};

type FilterInput = { [K in keyof typeof filterFields]?: z.infer<(typeof filterFields)[K]> };

/** Range checks across fields, reported on the upper bound's field. */
export function checkRanges(q: FilterInput, ctx: z.RefinementCtx): void {
  const pairs: Array<[keyof FilterInput, keyof FilterInput, (v: unknown) => number]> = [
    ['minOrders', 'maxOrders', Number],
    ['minSpent', 'maxSpent', Number],
    ['lastOrderFrom', 'lastOrderTo', (v) => Date.parse(String(v))],
  ];
  for (const [lo, hi, val] of pairs) {
    if (q[lo] !== undefined && q[hi] !== undefined && val(q[lo]) > val(q[hi]))
      ctx.addIssue({ code: 'custom', path: [hi], message: `must not be below ${lo}` });
  }
  if (q.tags !== undefined && q.tags.split(',').filter((t) => t.trim()).length > 10)
    ctx.addIssue({ code: 'custom', path: ['tags'], message: 'at most 10 tags' });
}

export function toFilters(q: FilterInput, currency: string): CustomerFilters {
  const tags = q.tags
    ?.split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  return {
    tags: tags?.length ? tags : undefined,
    tier: q.tier,
    minOrders: q.minOrders,
    maxOrders: q.maxOrders,
    minSpentMinor: q.minSpent !== undefined ? toMinor(q.minSpent, currency) : undefined,
    maxSpentMinor: q.maxSpent !== undefined ? toMinor(q.maxSpent, currency) : undefined,
    lastOrderFrom: q.lastOrderFrom ? `${q.lastOrderFrom}T00:00:00.000Z` : undefined,
    lastOrderBefore: q.lastOrderTo ? new Date(Date.parse(`${q.lastOrderTo}T00:00:00.000Z`) + DAY_MS).toISOString() : undefined,
    paymentMethod: q.paymentMethod,
  };
}
