import { z } from 'zod';
import type { AnalyticsReportsPort, CustomerValueGroup } from '../../crm/analytics/analytics-reports.port.ts';
import type { InsightsPort, StoredModel } from '../../crm/insights/insights.port.ts';
import { MODEL_CHECK_TOP_ROW } from '../../crm/insights/model-check.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { fromMinor } from '../../lib/money.ts';
import { ratio } from './analytics-period.ts';
import { analyticsCsv, churnBands, churnResponse, clvResponse, modelCheckResponse, rfmSegments } from './analytics-reports.schemas.ts';
import { accountOf } from './caller.ts';
import { csvDocument, fixed, sendCsv } from './csv.ts';
import type { RouteRegistry } from './registry.ts';

// The predictions' reports: historic vs predicted CLV by RFM segment, the churn-risk distribution
// and the model check, each as JSON and CSV. They read what the insights refresh stored (scores,
// the model and its holdout check, computed on the scoring thread), so no request fits anything.
// Figures are as of the last fit, in the model's currency (the account's when it was fitted).

const noQuery = z.strictObject({});
type Deps = { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort; insights: InsightsPort };
type Figures = z.infer<typeof clvResponse>['totals'];
type Totals = Omit<CustomerValueGroup, 'segment' | 'churnRisk'>;

const EMPTY: Totals = { customers: 0, scored: 0, historicMinor: 0, predictedMinor: 0 };
const add = (a: Totals, b: Totals): Totals => ({
  customers: a.customers + Number(b.customers),
  scored: a.scored + Number(b.scored),
  historicMinor: a.historicMinor + Number(b.historicMinor),
  predictedMinor: a.predictedMinor + Number(b.predictedMinor),
});

function figures(t: Totals, currency: string): Figures {
  const m = (minor: number) => ({ amount: fromMinor(minor, currency), currencyCode: currency });
  return {
    customers: t.customers,
    scored: t.scored,
    historic: m(t.historicMinor),
    predicted: m(t.predictedMinor),
    averageHistoric: t.customers ? m(Math.round(t.historicMinor / t.customers)) : null,
    averagePredicted: t.scored ? m(Math.round(t.predictedMinor / t.scored)) : null,
  };
}

const modelOf = (m: StoredModel | null) =>
  m && {
    confidence: m.confidence,
    customers: m.customers,
    repeaters: m.repeaters,
    priorShare: m.priorShare,
    fittedAt: m.fittedAt,
    currency: m.currency,
  };

/** Every key in `keys` (and null, the unscored) gets a row, in that order, zero when nobody is in it. */
function grouped<K extends string>(groups: CustomerValueGroup[], keyOf: (g: CustomerValueGroup) => string | null, keys: readonly K[]) {
  const sums = new Map<string | null, Totals>();
  for (const g of groups) sums.set(keyOf(g), add(sums.get(keyOf(g)) ?? EMPTY, g));
  return [...keys, null].map((key) => ({ key, totals: sums.get(key) ?? EMPTY }));
}

const valueHeader = ['customers', 'scored', 'historic', 'predicted', 'average_historic', 'average_predicted', 'currency'];
const valueCells = (f: Figures, currency: string) => [
  f.customers,
  f.scored,
  f.historic.amount,
  f.predicted.amount,
  f.averageHistoric?.amount ?? null,
  f.averagePredicted?.amount ?? null,
  currency,
];

export function registerPredictionRoutes(registry: RouteRegistry, deps: Deps): void {
  const values = async (accountId: string) => {
    const model = await deps.insights.accountModel(accountId);
    const currency = model?.currency ?? (await deps.accounts.getAccount(accountId))?.currency ?? 'USD';
    const groups = await deps.analyticsReports.customerValue(accountId, currency);
    const totals = figures(groups.reduce<Totals>(add, EMPTY), currency);
    return { model, currency, groups, totals };
  };
  const clv = async (accountId: string): Promise<z.infer<typeof clvResponse>> => {
    const { model, currency, groups, totals } = await values(accountId);
    const segments = grouped(groups, (g) => g.segment, rfmSegments).map((r) => ({ segment: r.key, ...figures(r.totals, currency) }));
    return { currency, model: modelOf(model), totals, segments };
  };
  const churn = async (accountId: string): Promise<z.infer<typeof churnResponse>> => {
    const { model, currency, groups, totals } = await values(accountId);
    const bands = grouped(groups, (g) => g.churnRisk, churnBands).map((r) => ({ churnRisk: r.key, ...figures(r.totals, currency) }));
    return { currency, model: modelOf(model), totals, bands };
  };
  const modelCheck = async (accountId: string): Promise<z.infer<typeof modelCheckResponse>> => {
    const model = await deps.insights.accountModel(accountId);
    const c = model?.modelCheck ?? null;
    return {
      model: modelOf(model),
      check: c && {
        holdoutWeeks: c.holdoutWeeks,
        calibrationEnd: c.calibrationEnd,
        holdoutEnd: c.holdoutEnd,
        customers: c.customers,
        repeaters: c.repeaters,
        predicted: c.predicted,
        actual: c.actual,
        rows: c.rows.map((r) => ({
          ...r,
          orMore: r.repeatOrders === MODEL_CHECK_TOP_ROW,
          meanPredicted: ratio(r.predicted, r.customers),
          meanActual: ratio(r.actual, r.customers),
        })),
      },
    };
  };

  registry.add({
    method: 'get',
    path: '/api/analytics/clv',
    tag: 'Analytics',
    auth: true,
    summary: 'Historic vs predicted (12-month) customer value: totals, averages and by RFM segment, with the model’s confidence',
    query: noQuery,
    response: clvResponse,
    errors: [400],
    handler: ({ req }) => clv(accountOf(req)),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/clv.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'Historic vs predicted value by RFM segment as CSV (UTF-8 with BOM); `unscored`: customers without a prediction',
    query: noQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ req, res }) => {
      const r = await clv(accountOf(req));
      const rows = r.segments.map((s) => [s.segment ?? 'unscored', ...valueCells(s, r.currency)]);
      sendCsv(res, 'clv-by-segment', csvDocument(['rfm_segment', ...valueHeader], rows));
    },
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/churn',
    tag: 'Analytics',
    auth: true,
    summary: 'Customers per churn-risk band with their historic revenue and predicted CLV (revenue at risk)',
    query: noQuery,
    response: churnResponse,
    errors: [400],
    handler: ({ req }) => churn(accountOf(req)),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/churn.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'The churn-risk distribution as CSV (UTF-8 with BOM); `unscored`: customers without a prediction',
    query: noQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ req, res }) => {
      const r = await churn(accountOf(req));
      const rows = r.bands.map((b) => [b.churnRisk ?? 'unscored', ...valueCells(b, r.currency)]);
      sendCsv(res, 'churn-risk', csvDocument(['churn_risk', ...valueHeader], rows));
    },
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/model-check',
    tag: 'Analytics',
    auth: true,
    summary: `Model check: repeat orders predicted vs counted in a holdout of the last weeks, by repeat orders in calibration (0–${MODEL_CHECK_TOP_ROW}+)`,
    query: noQuery,
    response: modelCheckResponse,
    errors: [400],
    handler: ({ req }) => modelCheck(accountOf(req)),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/model-check.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'The model check as CSV (UTF-8 with BOM): one row per number of repeat orders in calibration',
    query: noQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ req, res }) => {
      const r = await modelCheck(accountOf(req));
      const rows = (r.check?.rows ?? []).map((row) => [
        row.orMore ? `${row.repeatOrders}+` : String(row.repeatOrders),
        row.customers,
        fixed(row.predicted),
        row.actual,
        fixed(row.meanPredicted),
        fixed(row.meanActual),
      ]);
      sendCsv(
        res,
        'model-check',
        csvDocument(['calibration_repeat_orders', 'customers', 'predicted', 'actual', 'mean_predicted', 'mean_actual'], rows),
      );
    },
  });
}
