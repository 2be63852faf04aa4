import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { expectedTransactions, probabilityAlive } from '../../../src/crm/insights/bgnbd.model.ts';
import { CHURN_BANDS } from '../../../src/crm/insights/churn.ts';
import { expectedSpend } from '../../../src/crm/insights/gamma-gamma.model.ts';
import { scoreAccount, type CustomerHistory } from '../../../src/crm/insights/score-account.ts';
import { parseTransactionLog } from '../../../src/crm/insights/transaction-log.parser.ts';
import { CDNOW_PATH, cdnowAvailable } from './cdnow.ts';
import { seededRandom } from './simulate.ts';

// The entry point the persistence layer calls: histories in, model and per-customer scores out.

const at = (iso: string) => new Date(iso);
const order = (iso: string, amountMinor: number) => ({ at: at(iso), amountMinor });

/** A synthetic shop: n customers, first orders over a year, each reordering at its own pace (seeded). */
function shop(n: number, seed: number): CustomerHistory[] {
  const random = seededRandom(seed);
  const start = Date.parse('2024-01-01T10:00:00Z');
  return Array.from({ length: n }, (_, i) => {
    const orders = [];
    let t = start + random() * 365 * 86_400_000;
    const gapDays = 10 + random() * 120;
    const quitAfter = Math.floor(random() * 8);
    for (let k = 0; k <= quitAfter && t < Date.parse('2025-06-30T00:00:00Z'); k++) {
      orders.push({ at: new Date(t), amountMinor: 1000 + Math.round(random() * 9000) });
      t += gapDays * 86_400_000 * (0.5 + random());
    }
    return { id: `c${i}`, orders };
  });
}

describe('scoreAccount', () => {
  const now = at('2025-07-01T12:00:00Z');

  it('scores every customer with an order up to now, in minor units, from the fitted model', () => {
    const histories: CustomerHistory[] = [
      ...shop(300, 1),
      { id: 'no-orders', orders: [] },
      { id: 'only-future', orders: [order('2025-08-01T00:00:00Z', 5000)] },
    ];
    const { model, customers } = scoreAccount(histories, now);
    expect(customers.has('no-orders')).toBe(false);
    expect(customers.has('only-future')).toBe(false);
    expect(customers.size).toBe(300);
    expect(model.customers).toBe(300);
    expect(model.repeaters).toBeGreaterThan(100);
    for (const k of ['r', 'alpha', 'a', 'b', 'p', 'q', 'gamma'] as const) {
      expect(model[k]).toBeGreaterThan(0);
      expect(model.se[k]).toBeGreaterThan(0);
    }
    expect(model.priorShare).toBeGreaterThan(0);
    expect(model.priorShare).toBeLessThan(1);

    const c = customers.get('c0');
    const h = histories[0];
    if (!c || !h) throw new Error('c0 missing');
    expect(Number.isInteger(c.predictedClvMinor)).toBe(true);
    expect(Number.isInteger(c.expectedOrderValueMinor)).toBe(true);
    // recomputed from the published model: T and t_x in weeks between UTC days
    const days = [...new Set(h.orders.map((o) => o.at.toISOString().slice(0, 10)))].sort();
    const dayMs = (d: string) => Date.parse(`${d}T00:00:00Z`);
    const first = days[0] ?? '';
    const last = days[days.length - 1] ?? '';
    const history = {
      x: days.length - 1,
      tx: (dayMs(last) - dayMs(first)) / 7 / 86_400_000,
      T: (dayMs('2025-07-01') - dayMs(first)) / 7 / 86_400_000,
    };
    expect(c.probabilityAlive).toBeCloseTo(probabilityAlive(model, history), 12);
    expect(c.expectedOrders90d).toBeCloseTo(expectedTransactions(model, history, 90 / 7), 12);
    const repeats = h.orders.slice(1);
    const meanSpend = repeats.length ? repeats.reduce((s, o) => s + o.amountMinor, 0) / repeats.length : 0;
    const spend = expectedSpend(model, { x: history.x, meanSpend });
    expect(c.predictedClvMinor).toBe(Math.round(expectedTransactions(model, history, 52) * spend));
    // next order: the last one plus (α+T)/(r+x) weeks
    const lastAt = Math.max(...h.orders.map((o) => o.at.getTime()));
    const gapMs = ((model.alpha + history.T) / (model.r + history.x)) * 7 * 86_400_000;
    expect(Math.abs((c.nextOrderExpectedAt.getTime() - lastAt) / gapMs - 1)).toBeLessThan(1e-9);
  });

  it('bands churn risk by P(alive) at the documented cut-offs', () => {
    const { customers } = scoreAccount(shop(300, 2), now);
    const scores = [...customers.values()];
    for (const s of scores) {
      const want = s.probabilityAlive >= CHURN_BANDS.low ? 'low' : s.probabilityAlive < CHURN_BANDS.high ? 'high' : 'medium';
      expect(s.churnRisk).toBe(want);
    }
    expect(new Set(scores.map((s) => s.churnRisk))).toEqual(new Set(['low', 'medium', 'high']));
  });

  it('merges purchases on one day of the shop’s time zone', () => {
    // 19:30 UTC on 1 Jan is 00:30 on 2 Jan in Karachi: one day there, two in UTC
    const histories = [{ id: 'k', orders: [order('2025-01-01T19:30:00Z', 1000), order('2025-01-02T10:00:00Z', 2000)] }, ...shop(50, 3)];
    expect(scoreAccount(histories, now).customers.get('k')?.probabilityAlive).toBeLessThan(1);
    expect(scoreAccount(histories, now, { timeZone: 'Asia/Karachi' }).customers.get('k')?.probabilityAlive).toBe(1);
  });

  it('says a shop of a dozen customers is low confidence, and keeps its figures near the pooled prior', () => {
    const { model, customers } = scoreAccount(shop(12, 4), now);
    expect(model.confidence).toBe('low');
    expect(model.priorShare).toBeGreaterThan(0.3);
    expect(customers.size).toBe(12);
    for (const s of customers.values()) expect(Number.isFinite(s.predictedClvMinor)).toBe(true);
  });

  it('fits plain maximum likelihood without a pooled prior', () => {
    const histories = shop(400, 5);
    const { model } = scoreAccount(histories, now, { pooled: null });
    expect(model.priorShare).toBeNull();
    const byDay = histories.flatMap((h) => h.orders.map((o) => ({ id: h.id, day: o.at.toISOString().slice(0, 10) })));
    expect(byDay.length).toBeGreaterThan(400);
    // its log-likelihood is the maximum: the prior's estimate scores lower on the data alone
    const withPrior = scoreAccount(histories, now).model;
    expect(model.logLikelihood).toBeGreaterThanOrEqual(withPrior.logLikelihood - 1e-6);
  });

  it('handles an account without customers', () => {
    const { model, customers } = scoreAccount([], now);
    expect(customers.size).toBe(0);
    expect(model).toMatchObject({ customers: 0, repeaters: 0, confidence: 'low' });
  });

  it.skipIf(!cdnowAvailable)('reproduces the CDNOW estimates from order timestamps, γ in cents, and rates them high confidence', () => {
    const parsed = parseTransactionLog(readFileSync(CDNOW_PATH, 'utf8'), 'cdnow');
    if (!parsed.ok) throw new Error(parsed.reason);
    const byCustomer = new Map<string, CustomerHistory>();
    for (const p of parsed.purchases) {
      const h = byCustomer.get(p.customerId) ?? { id: p.customerId, orders: [] };
      (h.orders as { at: Date; amountMinor: number }[]).push(order(`${p.day}T12:00:00Z`, Math.round(p.amount * 100)));
      byCustomer.set(p.customerId, h);
    }
    // the calibration ends with the day of `now`; later orders are not seen
    const { model, customers } = scoreAccount([...byCustomer.values()], at('1997-09-30T23:00:00Z'), { pooled: null });
    expect(model).toMatchObject({ customers: 2357, repeaters: 946, confidence: 'high' });
    expect(customers.size).toBe(2357);
    const published = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, p: 6.25, q: 3.74, gamma: 1544 };
    for (const [k, v] of Object.entries(published)) expect(Math.abs(model[k as keyof typeof published] / v - 1), k).toBeLessThan(0.01);
    expect(Math.abs(model.logLikelihood / -9582.4 - 1)).toBeLessThan(0.01);
  });
});
