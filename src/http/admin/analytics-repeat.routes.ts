import { z } from 'zod';
import type { AnalyticsReportsPort } from '../../crm/analytics/analytics-reports.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { checkPeriod, periodFields, ratio, reportPeriod } from './analytics-period.ts';
import { analyticsCsv, repeatPurchaseResponse } from './analytics-reports.schemas.ts';
import { accountOf } from './caller.ts';
import { csvDocument, fixed, sendCsv } from './csv.ts';
import type { RouteRegistry } from './registry.ts';

// Repeat-purchase rate, purchase frequency and days between orders, as JSON and as a
// two-column CSV (metric, value).

const periodQuery = z.strictObject(periodFields).superRefine(checkPeriod);
type Deps = { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort };

export function registerRepeatPurchaseRoutes(registry: RouteRegistry, deps: Deps): void {
  const load = async (accountId: string, query: z.infer<typeof periodQuery>): Promise<z.infer<typeof repeatPurchaseResponse>> => {
    const r = await deps.analyticsReports.repeatPurchase(await reportPeriod(deps.accounts, accountId, query));
    return {
      period: { from: query.from, to: query.to },
      customers: r.customers,
      orders: r.orders,
      repeatCustomers: r.repeatCustomers,
      repeatPurchaseRate: ratio(r.repeatCustomers, r.customers),
      purchaseFrequency: ratio(r.orders, r.customers),
      daysBetweenOrders: { intervals: r.intervals, meanDays: ratio(r.intervalDaysTotal, r.intervals), medianDays: r.medianDays },
    };
  };
  registry.add({
    method: 'get',
    path: '/api/analytics/repeat-purchase',
    tag: 'Analytics',
    auth: true,
    summary: 'Repeat-purchase rate, orders per customer, mean and median days between orders (UTC days, `to` inclusive)',
    query: periodQuery,
    response: repeatPurchaseResponse,
    errors: [400],
    handler: ({ query, req }) => load(accountOf(req), query),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/repeat-purchase.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'The repeat-purchase figures as CSV (UTF-8 with BOM): metric, value',
    query: periodQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ query, req, res }) => {
      const r = await load(accountOf(req), query);
      const rows: Array<[string, string | number | null]> = [
        ['customers', r.customers],
        ['orders', r.orders],
        ['repeat_customers', r.repeatCustomers],
        ['repeat_purchase_rate', fixed(r.repeatPurchaseRate)],
        ['purchase_frequency', fixed(r.purchaseFrequency)],
        ['intervals', r.daysBetweenOrders.intervals],
        ['mean_days_between_orders', fixed(r.daysBetweenOrders.meanDays)],
        ['median_days_between_orders', r.daysBetweenOrders.medianDays],
      ];
      sendCsv(res, 'repeat-purchase', csvDocument(['metric', 'value'], rows));
    },
  });
}
