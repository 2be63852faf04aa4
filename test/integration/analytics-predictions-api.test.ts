import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CanonicalOrder } from '../../src/crm/events.ts';
import { applyEvent } from '../../src/crm/ingest.service.ts';
import { checkModel } from '../../src/crm/insights/model-check.ts';
import { startScoringThread, type ScoringThread } from '../../src/jobs/insights-scoring.thread.ts';
import { runInsightsTick } from '../../src/jobs/insights.scheduler.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { apiCall, loginToken } from '../helpers/api.ts';
import { customer, order } from '../helpers/canonical.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { sql } from '../helpers/sql.ts';

// The prediction reports (historic vs predicted CLV, churn-risk distribution, model check) and
// cash on delivery by saved segment, over a small hand-built shop; on SQLite and, in the `pg`
// project, on PostgreSQL. Scores are first written by hand (every figure below is worked out),
// then replaced by a real refresh on the scoring thread, whose stored model check must be the one
// `checkModel` computes on the same histories.
//
// Account PKR. Counted orders (net of refunds):
//   ali    a1 2026-01-05 card 100,000 − refund 1,001 = 98,999; a2 2026-04-10 COD delivered 50,000    historic 148,999
//   bilal  b1 2026-01-20 COD returned, then cancelled 80,000 (no count; an RTO parcel); b2 02-03 COD delivered 20,000  20,000
//   chen   c1 2026-02-15 COD fulfilled 40,000; c2 same day card USD 5,000 (not PKR: no value, still a customer)      40,000
//   dua    d1 2026-03-20 COD returned (not cancelled: counts) 70,000                                            70,000
//   eman   e1 2026-01-10 COD delivered, a test order: nothing counts, no parcel
//   fay    f1 2026-01-15 card 10,000, then erased: left out
// Another account: zed, one order and a score; its own segment.

const NOW = new Date('2026-06-01T00:00:00.000Z');
const PERIOD = 'from=2026-01-01&to=2026-03-31';
let server: TestServer;
let token: string;
let other: string;
let accountId: string;
let otherAccount: string;
let thread: ScoringThread;
const ids: Record<string, string> = {};

const call = (path: string, as = token) => apiCall(server, 'GET', path, undefined, as);
async function csv(path: string) {
  const res = await fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, text: Buffer.from(await res.arrayBuffer()).toString('utf8') };
}
const pkr = (amount: string) => ({ amount, currencyCode: 'PKR' });

async function place(connectionId: string, key: string, who: string, over: Partial<CanonicalOrder>) {
  const at = over.placedAt!;
  const c = customer(`${connectionId}-${who}`, { email: `${who}@example.com`, firstName: who, createdAt: at, updatedAt: at });
  const minor = over.totalMinor ?? 10_000;
  const o = order(key, {
    customer: c,
    email: c.email,
    currency: 'PKR',
    totalMinor: minor,
    subtotalMinor: minor,
    paidAt: at,
    updatedAt: at,
    ...over,
  });
  await applyEvent(server.runtime.store, connectionId, { type: 'order.upserted', order: o }, at);
}

beforeAll(async () => {
  server = await startTestServer();
  thread = startScoringThread();
  const t = server.runtime.tenancy;
  accountId = await t.createAccount('Multan Crafts', 'PKR');
  const shop = (await t.upsertConnection({ accountId, platform: 'shopify', domain: 'predict-a.myshopify.com', currency: 'PKR' })).id;
  await t.createAdminUser(accountId, 'owner@multan.example', 'correct horse battery');
  otherAccount = await t.createAccount('Elsewhere', 'PKR');
  const shopO = (
    await t.upsertConnection({ accountId: otherAccount, platform: 'shopify', domain: 'predict-o.myshopify.com', currency: 'PKR' })
  ).id;
  await t.createAdminUser(otherAccount, 'owner@elsewhere.example', 'another horse battery');
  token = await loginToken(server, 'owner@multan.example', 'correct horse battery');
  other = await loginToken(server, 'owner@elsewhere.example', 'another horse battery');

  const cod = { paymentMethod: 'cod' as const, paymentStatus: 'pending' as const, paidAt: null };
  await place(shop, 'a1', 'ali', {
    placedAt: '2026-01-05T10:00:00.000Z',
    totalMinor: 100_000,
    refunds: [
      {
        externalId: 'r-a1',
        orderExternalId: 'a1',
        amountMinor: 1_001,
        currency: 'PKR',
        reason: null,
        createdAt: '2026-01-07T00:00:00.000Z',
      },
    ],
  });
  await place(shop, 'a2', 'ali', { placedAt: '2026-04-10T10:00:00.000Z', totalMinor: 50_000, ...cod, fulfilmentStatus: 'delivered' });
  await place(shop, 'b1', 'bilal', {
    placedAt: '2026-01-20T10:00:00.000Z',
    totalMinor: 80_000,
    ...cod,
    paymentStatus: 'voided',
    fulfilmentStatus: 'returned',
    status: 'cancelled',
    cancelledAt: '2026-01-29T10:00:00.000Z',
    updatedAt: '2026-01-29T10:00:00.000Z',
  });
  await place(shop, 'b2', 'bilal', { placedAt: '2026-02-03T10:00:00.000Z', totalMinor: 20_000, ...cod, fulfilmentStatus: 'delivered' });
  await place(shop, 'c1', 'chen', { placedAt: '2026-02-15T10:00:00.000Z', totalMinor: 40_000, ...cod, fulfilmentStatus: 'fulfilled' });
  await place(shop, 'c2', 'chen', { placedAt: '2026-02-15T18:00:00.000Z', totalMinor: 5_000, currency: 'USD' });
  await place(shop, 'd1', 'dua', { placedAt: '2026-03-20T10:00:00.000Z', totalMinor: 70_000, ...cod, fulfilmentStatus: 'returned' });
  await place(shop, 'e1', 'eman', { placedAt: '2026-01-10T10:00:00.000Z', test: true, ...cod, fulfilmentStatus: 'delivered' });
  await place(shop, 'f1', 'fay', { placedAt: '2026-01-15T10:00:00.000Z', totalMinor: 10_000 });
  await place(shopO, 'z1', 'zed', { placedAt: '2026-01-15T10:00:00.000Z', totalMinor: 33_000, ...cod, fulfilmentStatus: 'returned' });

  const db = sql(server);
  for (const who of ['ali', 'bilal', 'chen', 'dua', 'eman', 'fay', 'zed'])
    ids[who] = (await db.value<string>('SELECT id FROM customers WHERE email = ?', `${who}@example.com`))!;
  await db.run('UPDATE customers SET redacted_at = ? WHERE id = ?', '2026-05-01T00:00:00.000Z', ids.fay);
});

afterAll(async () => {
  await thread?.close();
  await server?.close();
});

const value = (
  customers: number,
  scored: number,
  historic: string,
  predicted: string,
  avgHistoric: string | null,
  avgPredicted: string | null,
) => ({
  customers,
  scored,
  historic: pkr(historic),
  predicted: pkr(predicted),
  averageHistoric: avgHistoric === null ? null : pkr(avgHistoric),
  averagePredicted: avgPredicted === null ? null : pkr(avgPredicted),
});
const none = value(0, 0, '0.00', '0.00', null, null);

describe('before the first fit', () => {
  it('answers an empty state: no model, every customer unscored, no check', async () => {
    const clv = await call('/api/analytics/clv');
    expect(clv.status).toBe(200);
    expect(clv.body.model).toBeNull();
    // 148,999 + 20,000 + 40,000 + 70,000 = 278,999 over 4 customers (eman has no counted order, fay is erased).
    expect(clv.body.totals).toEqual(value(4, 0, '2789.99', '0.00', '697.50', null));
    expect(clv.body.segments.at(-1)).toEqual({ segment: null, ...value(4, 0, '2789.99', '0.00', '697.50', null) });
    expect(clv.body.segments.slice(0, -1).every((s: { customers: number }) => s.customers === 0)).toBe(true);
    const check = await call('/api/analytics/model-check');
    expect(check.body).toEqual({ model: null, check: null });
    expect((await csv('/api/analytics/model-check.csv')).text).toBe(
      '\uFEFFcalibration_repeat_orders,customers,predicted,actual,mean_predicted,mean_actual\r\n',
    );
  });
});

describe('with stored scores (written by hand)', () => {
  const check = {
    holdoutWeeks: 13,
    calibrationEnd: '2026-03-02',
    holdoutEnd: '2026-06-01',
    customers: 3,
    repeaters: 1,
    predicted: 1.5,
    actual: 2,
    params: { r: 0.3, alpha: 4, a: 0.8, b: 2.4 },
    rows: [0, 1, 2, 3, 4, 5, 6, 7].map((x) => ({
      repeatOrders: x,
      customers: x === 0 ? 2 : x === 7 ? 1 : 0,
      predicted: x === 0 ? 0.5 : x === 7 ? 1 : 0,
      actual: x === 0 ? 1 : x === 7 ? 1 : 0,
    })),
  };
  beforeAll(async () => {
    const db = sql(server);
    const score = (who: string, account: string, segment: string, churn: string, clvMinor: number) =>
      db.run(
        `INSERT INTO customer_scores (customer_id, account_id, rfm_segment, recency_score, frequency_score, monetary_score,
          predicted_clv_minor, probability_alive, expected_orders_90d, churn_risk, computed_at) VALUES (?, ?, ?, 3, 3, 3, ?, 0.5, 0.2, ?, ?)`,
        ids[who],
        account,
        segment,
        clvMinor,
        churn,
        '2026-05-01T00:00:00.000Z',
      );
    await score('ali', accountId, 'champions', 'low', 120_000);
    await score('bilal', accountId, 'at_risk', 'high', 5_000);
    await score('chen', accountId, 'at_risk', 'medium', 15_001);
    await score('zed', otherAccount, 'lost', 'high', 999_999);
    const model = (account: string, modelCheck: string | null) =>
      db.run(
        `INSERT INTO insights_models (account_id, currency, r, alpha, a, b, p, q, gamma, log_likelihood, customers, repeaters,
          confidence, prior_share, standard_errors, fitted_at, seconds, model_check)
        VALUES (?, 'PKR', 0.3, 4, 0.8, 2.4, 6, 4, 15, -10, 3, 1, 'low', 0.9, '{}', ?, 0.1, ?)`,
        account,
        '2026-05-01T00:00:00.000Z',
        modelCheck,
      );
    await model(accountId, JSON.stringify(check));
    await model(otherAccount, null);
  });

  it('compares historic and predicted value in total, on average and by RFM segment', async () => {
    const r = await call('/api/analytics/clv');
    expect(r.body.model).toEqual({
      confidence: 'low',
      customers: 3,
      repeaters: 1,
      priorShare: 0.9,
      fittedAt: '2026-05-01T00:00:00.000Z',
      currency: 'PKR',
    });
    // Predicted 120,000 + 5,000 + 15,001 = 140,001 over the 3 scored: 46,667.
    expect(r.body.totals).toEqual(value(4, 3, '2789.99', '1400.01', '697.50', '466.67'));
    expect(r.body.segments).toEqual([
      { segment: 'champions', ...value(1, 1, '1489.99', '1200.00', '1489.99', '1200.00') },
      { segment: 'loyal', ...none },
      { segment: 'potential_loyalists', ...none },
      { segment: 'new', ...none },
      // bilal and chen: 60,000 and 20,001 (10,000.5 rounds to 10,001).
      { segment: 'at_risk', ...value(2, 2, '600.00', '200.01', '300.00', '100.01') },
      { segment: 'cant_lose', ...none },
      { segment: 'hibernating', ...none },
      { segment: 'lost', ...none },
      { segment: null, ...value(1, 0, '700.00', '0.00', '700.00', null) },
    ]);
  });

  it('spreads customers over the churn-risk bands with the revenue at risk', async () => {
    const r = await call('/api/analytics/churn');
    expect(r.body.totals).toEqual(value(4, 3, '2789.99', '1400.01', '697.50', '466.67'));
    expect(r.body.bands).toEqual([
      { churnRisk: 'low', ...value(1, 1, '1489.99', '1200.00', '1489.99', '1200.00') },
      { churnRisk: 'medium', ...value(1, 1, '400.00', '150.01', '400.00', '150.01') },
      { churnRisk: 'high', ...value(1, 1, '200.00', '50.00', '200.00', '50.00') },
      { churnRisk: null, ...value(1, 0, '700.00', '0.00', '700.00', null) },
    ]);
  });

  it('reads the stored model check with each row’s means', async () => {
    const r = await call('/api/analytics/model-check');
    expect(r.body.check).toMatchObject({ holdoutWeeks: 13, calibrationEnd: '2026-03-02', customers: 3, predicted: 1.5, actual: 2 });
    expect(r.body.check.rows[0]).toEqual({
      repeatOrders: 0,
      orMore: false,
      customers: 2,
      predicted: 0.5,
      actual: 1,
      meanPredicted: 0.25,
      meanActual: 0.5,
    });
    expect(r.body.check.rows[3]).toMatchObject({ customers: 0, meanPredicted: null, meanActual: null });
    expect(r.body.check.rows[7]).toMatchObject({ repeatOrders: 7, orMore: true, meanPredicted: 1, meanActual: 1 });
  });

  it('answers each as CSV', async () => {
    const clv = await csv('/api/analytics/clv.csv');
    expect(clv.headers.get('content-disposition')).toMatch(/filename="clv-by-segment-/);
    const lines = clv.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFrfm_segment,customers,scored,historic,predicted,average_historic,average_predicted,currency');
    expect(lines[1]).toBe('champions,1,1,1489.99,1200.00,1489.99,1200.00,PKR');
    expect(lines[2]).toBe('loyal,0,0,0.00,0.00,,,PKR');
    expect(lines[9]).toBe('unscored,1,0,700.00,0.00,700.00,,PKR');
    const churn = await csv('/api/analytics/churn.csv');
    expect(churn.text.split('\r\n').slice(1, 5)).toEqual([
      'low,1,1,1489.99,1200.00,1489.99,1200.00,PKR',
      'medium,1,1,400.00,150.01,400.00,150.01,PKR',
      'high,1,1,200.00,50.00,200.00,50.00,PKR',
      'unscored,1,0,700.00,0.00,700.00,,PKR',
    ]);
    const check = await csv('/api/analytics/model-check.csv');
    expect(check.text.split('\r\n').slice(1, 3)).toEqual(['0,2,0.5000,1,0.2500,0.5000', '1,0,0.0000,0,,']);
    expect(check.text.split('\r\n')[8]).toBe('7+,1,1.0000,1,1.0000,1.0000');
  });

  it('shows another account only its own customers and model', async () => {
    const r = await call('/api/analytics/churn', other);
    expect(r.body.totals).toEqual(value(1, 1, '330.00', '9999.99', '330.00', '9999.99'));
    expect(r.body.bands[2]).toEqual({ churnRisk: 'high', ...value(1, 1, '330.00', '9999.99', '330.00', '9999.99') });
    expect((await call('/api/analytics/model-check', other)).body.check).toBeNull();
  });
});

describe('after a refresh on the scoring thread', () => {
  it('scores every customer and stores the model check computed on the same histories', async () => {
    const done = await runInsightsTick({
      insights: server.runtime.ports.insights,
      score: thread.score,
      logger: createLogger('silent'),
      now: () => NOW,
    });
    expect(done.map((d) => d.accountId)).toContain(accountId);
    const clv = (await call('/api/analytics/clv')).body;
    expect(clv.model).toMatchObject({ fittedAt: NOW.toISOString(), customers: 4, currency: 'PKR' });
    expect(clv.totals).toMatchObject({ customers: 4, scored: 4, historic: pkr('2789.99') });

    const histories = await server.runtime.ports.insights.histories(accountId, 'PKR');
    const expected = checkModel(histories, NOW)!;
    // Calibration to 2026-03-02 (13 weeks before 06-01): ali, bilal and chen, no repeat order;
    // dua's first order is in the holdout. In the holdout only ali's a2 is a repeat order.
    expect(expected).toMatchObject({ calibrationEnd: '2026-03-02', holdoutEnd: '2026-06-01', customers: 3, repeaters: 0, actual: 1 });
    const r = (await call('/api/analytics/model-check')).body.check;
    expect(r).toMatchObject({ holdoutWeeks: 13, calibrationEnd: '2026-03-02', customers: 3, repeaters: 0, actual: 1 });
    expect(r.predicted).toBeCloseTo(expected.predicted, 10);
    expect(r.predicted).toBeGreaterThan(0);
    expect(r.rows[0]).toMatchObject({ customers: 3, actual: 1 });
    expect(r.rows[0].predicted).toBeCloseTo(expected.rows[0]!.predicted, 10);
  });
});

describe('cash on delivery by saved segment', () => {
  beforeAll(async () => {
    const db = sql(server);
    const segment = async (id: string, account: string, name: string, members: string[]) => {
      await db.run(
        `INSERT INTO segments (id, account_id, name, query, built_in, created_at, updated_at) VALUES (?, ?, ?, 'number_of_orders >= 1', NULL, ?, ?)`,
        id,
        account,
        name,
        '2026-01-01T00:00:00.000Z',
        '2026-01-01T00:00:00.000Z',
      );
      for (const who of members)
        await db.run(
          'INSERT INTO segment_members (segment_id, customer_id, account_id, entered_at) VALUES (?, ?, ?, ?)',
          id,
          ids[who],
          account,
          '2026-01-01T00:00:00.000Z',
        );
    };
    await segment('seg_t_lahore', accountId, 'Lahore buyers', ['ali', 'bilal']);
    await segment('seg_t_cod', accountId, 'COD folk', ['bilal', 'chen', 'dua', 'eman']);
    await segment('seg_t_empty', accountId, 'Nobody yet', []);
    await segment('seg_t_other', otherAccount, 'Their segment', ['zed']);
  });

  const f = (parcels: number, delivered: number, returned: number) => ({
    parcels,
    delivered,
    returned,
    open: parcels - delivered - returned,
    deliveredRate: delivered + returned ? delivered / (delivered + returned) : null,
    returnRate: delivered + returned ? returned / (delivered + returned) : null,
  });

  it('counts each segment’s current members’ parcels in the period', async () => {
    const r = await call(`/api/analytics/cod?${PERIOD}`);
    expect(r.status).toBe(200);
    const mine = (name: string) => r.body.segments.find((s: { name: string }) => s.name === name);
    // COD folk: b1 (returned), b2 (delivered), c1 (on its way), d1 (returned); eman's is a test order.
    expect(mine('COD folk')).toEqual({ segmentId: 'seg_t_cod', name: 'COD folk', builtIn: null, ...f(4, 1, 2) });
    // Lahore buyers: bilal's two; ali's a2 (April) is after the period.
    expect(mine('Lahore buyers')).toEqual({ segmentId: 'seg_t_lahore', name: 'Lahore buyers', builtIn: null, ...f(2, 1, 1) });
    expect(mine('Nobody yet')).toEqual({ segmentId: 'seg_t_empty', name: 'Nobody yet', builtIn: null, ...f(0, 0, 0) });
    expect(mine('Their segment')).toBeUndefined();
    // Most parcels first.
    const parcels = r.body.segments.map((s: { parcels: number }) => s.parcels);
    expect(parcels).toEqual([...parcels].sort((a, b) => b - a));
    expect(r.body.segments.indexOf(mine('COD folk'))).toBeLessThan(r.body.segments.indexOf(mine('Lahore buyers')));
    // The built-in segments every shop gets are listed by their key.
    expect(r.body.segments.some((s: { builtIn: string | null }) => s.builtIn !== null)).toBe(true);

    const april = await call('/api/analytics/cod?from=2026-04-01&to=2026-04-30');
    expect(april.body.segments.find((s: { name: string }) => s.name === 'Lahore buyers')).toMatchObject(f(1, 1, 0));
    const theirs = await call(`/api/analytics/cod?${PERIOD}`, other);
    expect(theirs.body.segments.find((s: { name: string }) => s.name === 'Their segment')).toMatchObject(f(1, 0, 1));
    expect(theirs.body.segments.find((s: { name: string }) => s.name === 'COD folk')).toBeUndefined();
  });

  it('answers the breakdown as CSV (by=segment)', async () => {
    const r = await csv(`/api/analytics/cod.csv?${PERIOD}&by=segment`);
    expect(r.headers.get('content-disposition')).toMatch(/filename="cod-by-segment-/);
    const lines = r.text.split('\r\n');
    expect(lines[0]).toBe('\uFEFFsegment,built_in,parcels,delivered,returned,open,delivered_rate,return_rate');
    expect(lines).toContain('COD folk,,4,1,2,1,0.3333,0.6667');
    expect(lines).toContain('Lahore buyers,,2,1,1,0,0.5000,0.5000');
    expect(lines).toContain('Nobody yet,,0,0,0,0,,');
  });
});

describe('the edge', () => {
  it('needs a signed-in caller', async () => {
    for (const path of ['clv', 'clv.csv', 'churn', 'churn.csv', 'model-check', 'model-check.csv'])
      expect((await call(`/api/analytics/${path}`, '')).status).toBe(401);
  });

  it.each([
    ['clv', 'from=2026-01-01'],
    ['churn.csv', 'band=high'],
    ['model-check', 'holdoutWeeks=8'],
    ['cod.csv', `${PERIOD}&by=segments`],
  ])('%s?%s answers 400', async (report, q) => {
    const r = await call(`/api/analytics/${report}?${q}`);
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('invalid');
  });
});
