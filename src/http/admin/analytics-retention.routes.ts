import { z } from 'zod';
import type { AnalyticsReportsPort, RetentionReport } from '../../crm/analytics/analytics-reports.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { checkPeriod, periodFields, ratio, reportPeriod } from './analytics-period.ts';
import { analyticsCsv, retentionResponse } from './analytics-reports.schemas.ts';
import { accountOf } from './caller.ts';
import { csvDocument, fixed, sendCsv } from './csv.ts';
import type { RouteRegistry } from './registry.ts';

// Retention cohorts by first-order month (customers whose first counted order fell in the period),
// with the share of each cohort ordering again in months +1..+N, as JSON and as CSV.

const retentionQuery = z
  .strictObject({
    ...periodFields,
    months: z.coerce.number().int().min(1).max(24).default(12).describe('Months after the cohort month, 1–24'),
  })
  .superRefine(checkPeriod);

type Deps = { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort };

function shape(r: RetentionReport, query: z.infer<typeof retentionQuery>, asOf: string): z.infer<typeof retentionResponse> {
  return {
    period: { from: query.from, to: query.to },
    months: query.months,
    asOf,
    cohorts: r.cohorts.map((c) => ({
      month: c.month,
      customers: c.customers,
      retention: c.months.map((m) => ({
        offset: m.offset,
        customers: m.customers,
        rate: m.customers === null ? null : ratio(m.customers, c.customers),
      })),
    })),
  };
}

export function registerRetentionRoutes(registry: RouteRegistry, deps: Deps): void {
  const load = async (accountId: string, query: z.infer<typeof retentionQuery>) => {
    const now = new Date().toISOString();
    const report = await deps.analyticsReports.retention(await reportPeriod(deps.accounts, accountId, query), query.months, now);
    return shape(report, query, now.slice(0, 10));
  };
  registry.add({
    method: 'get',
    path: '/api/analytics/retention',
    tag: 'Analytics',
    auth: true,
    summary: 'Retention cohorts by first-order month: cohort size and the share ordering again in months +1..+N',
    query: retentionQuery,
    response: retentionResponse,
    errors: [400],
    handler: ({ query, req }) => load(accountOf(req), query),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/retention.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'Retention cohorts as CSV (UTF-8 with BOM): per month +k the returning customers and their share',
    query: retentionQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ query, req, res }) => {
      const r = await load(accountOf(req), query);
      const offsets = Array.from({ length: query.months }, (_, i) => i + 1);
      const header = ['cohort', 'customers', ...offsets.flatMap((k) => [`month_${k}`, `month_${k}_rate`])];
      const rows = r.cohorts.map((c) => [c.month, c.customers, ...c.retention.flatMap((m) => [m.customers, fixed(m.rate)])]);
      sendCsv(res, 'retention', csvDocument(header, rows));
    },
  });
}
