import { describe, expect, it } from 'vitest';
import type { CustomerFacts } from '../../../src/crm/segments/customer-facts.ts';
import { evaluateSegmentQuery } from '../../../src/crm/segments/segment-query.evaluator.ts';
import { parseSegmentQuery } from '../../../src/crm/segments/segment-query.parser.ts';
import { printSegmentQuery } from '../../../src/crm/segments/segment-query.printer.ts';
import { resolveDay, toMinorUnits } from '../../../src/crm/segments/segment-values.ts';

const parsed = (text: string) => {
  const r = parseSegmentQuery(text);
  if (!r.ok) throw new Error(`${text}: ${JSON.stringify(r.error)}`);
  return r.query;
};

describe('segment query parser', () => {
  it.each([
    ['number_of_orders > 1', 'number_of_orders > 1'],
    ['amount_spent >= 2500 and last_order_date < -90d', 'amount_spent >= 2500 AND last_order_date < -90d'],
    ["not tags contains 'vip' and city = 'Lahore'", "NOT tags CONTAINS 'vip' AND city = 'Lahore'"],
    ["tags not contains 'vip'", "NOT tags CONTAINS 'vip'"],
    ["(country='PK' or country='IN') and number_of_orders>=2", "(country = 'PK' OR country = 'IN') AND number_of_orders >= 2"],
    ["country = 'PK' or (country = 'IN' and number_of_orders >= 2)", "country = 'PK' OR country = 'IN' AND number_of_orders >= 2"],
    ['NUMBER_OF_ORDERS > 1', 'number_of_orders > 1'],
    ["city IN ('لاہور', 'ਅੰਮ੍ਰਿਤਸਰ')", "city IN ('لاہور', 'ਅੰਮ੍ਰਿਤਸਰ')"],
    ["tier = 'O''Brien'", "tier = 'O''Brien'"],
    ['first_order_date BETWEEN 2026-01-01 AND 2026-01-31', 'first_order_date BETWEEN 2026-01-01 AND 2026-01-31'],
    ['rfm_segment IS NOT NULL', 'rfm_segment IS NOT NULL'],
    ["probability_alive < 0.25 OR churn_risk = 'high'", "probability_alive < 0.25 OR churn_risk = 'high'"],
  ])('%s', (text, canonical) => {
    expect(printSegmentQuery(parsed(text))).toBe(canonical);
  });

  it('groups AND before OR and keeps the written grouping', () => {
    expect(parsed("country = 'PK' OR country = 'IN' AND number_of_orders >= 2").kind).toBe('or');
    expect(parsed("(country = 'PK' OR country = 'IN') AND number_of_orders >= 2").kind).toBe('and');
  });

  it.each([
    ['last_order > -90d', 0, 'last_order_date'],
    ['lastorderdate > -90d', 0, 'last_order_date'],
    ['number_of_orders > 1 AND amount_spnt > 5', 25, 'amount_spent'],
    ["tags CONTAIN 'vip'", 5, 'CONTAINS'],
    ["tags = 'vip'", 5, 'CONTAINS'],
    ["rfm_segment = 'champion'", 14, 'champions'],
    ['number_of_orders > 1 ADN tags IS NULL', 21, 'AND'],
  ])('%s -> error at %i, suggesting %s', (text, position, suggestion) => {
    const r = parseSegmentQuery(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ position, suggestion });
  });

  it.each([
    ['tags > 3', 5],
    ["number_of_orders > 'five'", 19],
    ['created_at = 2026-02-30', 13],
    ["city = 'Lahore", 7],
    ['(number_of_orders > 1', 21],
    ['', 0],
    ['amount_spent BETWEEN 1 5', 23],
    ['email_consent IS NULL', 14],
    ['last_order_date > -5q', 18],
  ])('rejects %j at %i', (text, position) => {
    const r = parseSegmentQuery(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.position).toBe(position);
  });

  it('bounds nesting instead of overflowing the stack', () => {
    const r = parseSegmentQuery('('.repeat(10_000) + 'number_of_orders > 1' + ')'.repeat(10_000));
    expect(r).toMatchObject({ ok: false, error: { position: 100 } });
  });
});

describe('segment values', () => {
  const now = new Date('2026-03-31T22:00:00.000Z');
  it.each([
    [{ kind: 'relative', amount: 90, unit: 'd' } as const, '2025-12-31'],
    [{ kind: 'relative', amount: 2, unit: 'w' } as const, '2026-03-17'],
    [{ kind: 'relative', amount: 1, unit: 'm' } as const, '2026-02-28'],
    [{ kind: 'relative', amount: 13, unit: 'm' } as const, '2025-02-28'],
    [{ kind: 'relative', amount: 1, unit: 'y' } as const, '2025-03-31'],
    [{ kind: 'date', value: '2024-02-29' } as const, '2024-02-29'],
  ])('%j -> %s', (value, day) => expect(resolveDay(value, now)).toBe(day));

  it('converts major units through the decimal text', () => {
    expect(toMinorUnits(19.99, 2)).toBe(1999);
    expect(toMinorUnits(12.34, 2)).toBe(1234);
    expect(toMinorUnits(0.005, 2)).toBe(0.5);
    expect(toMinorUnits(1.5, 3)).toBe(1500);
    expect(toMinorUnits(2500, 0)).toBe(2500);
  });
});

const base: CustomerFacts = {
  id: 'c1',
  numberOfOrders: 3,
  amountSpentMinor: 750_000,
  firstOrderAt: '2025-06-01T10:00:00.000Z',
  lastOrderAt: '2026-03-01T23:59:59.999Z',
  createdAt: '2025-05-30T00:00:00.000Z',
  tags: ['vip', 'لاہور'],
  stores: ['Lawn House', 'lawn-house.myshopify.com'],
  platforms: ['shopify'],
  cities: ['Lahore'],
  provinces: ['Punjab'],
  countries: ['PK'],
  language: 'ur-PK',
  paymentMethods: ['cod', 'card'],
  codOrders: 2,
  deliveredOrders: 2,
  rtoCount: 1,
  productsPurchased: ['p1', 'Lawn suit'],
  tier: 'Gold',
  pointsBalance: 120,
  pointsPending: 30,
  lifetimePoints: 400,
  referralsMade: 1,
  emailConsent: 'subscribed',
  whatsappConsent: 'unknown',
  scores: null,
};

describe('reference evaluator', () => {
  const ctx = { now: new Date('2026-03-31T12:00:00.000Z'), currencyExponent: 2 };
  it.each([
    ['amount_spent > 7499.99', true],
    ['amount_spent > 7500', false],
    ['average_order_value = 2500', true],
    ['last_order_date = 2026-03-01', true],
    ['last_order_date > 2026-03-01', false],
    ['last_order_date >= -30d', true],
    ['last_order_date > -30d', false],
    ['first_order_date BETWEEN 2025-06-01 AND 2025-06-01', true],
    ["tags CONTAINS 'لاہور'", true],
    ["tags CONTAINS 'vi'", false],
    ["city CONTAINS 'ahor'", true],
    ["city != 'Lahore'", false],
    ["payment_method = 'cod'", true],
    ["payment_method != 'wallet'", true],
    ["store = 'lawn-house.myshopify.com'", true],
    ['rto_rate BETWEEN 33 AND 34', true],
    ['rfm_segment IS NULL', true],
    ["rfm_segment != 'lost'", false],
    ["NOT rfm_segment = 'lost'", true],
    ["language CONTAINS 'ur'", true],
    ["products_purchased IN ('p9', 'Lawn suit')", true],
    ['number_of_orders IN (1, 2) OR NOT (points_balance < 100)', true],
  ])('%s -> %s', (text, expected) => {
    expect(evaluateSegmentQuery(parsed(text), base, ctx)).toBe(expected);
  });

  it('treats no orders as a missing average and no parcels as a missing RTO rate', () => {
    const none = { ...base, numberOfOrders: 0, amountSpentMinor: 0, deliveredOrders: 0, rtoCount: 0 };
    expect(evaluateSegmentQuery(parsed('average_order_value IS NULL AND rto_rate IS NULL'), none, ctx)).toBe(true);
    expect(evaluateSegmentQuery(parsed('average_order_value >= 0'), none, ctx)).toBe(false);
  });
});
