import { z } from 'zod';
import type { AnalyticsReportsPort, CodFigures } from '../../crm/analytics/analytics-reports.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { checkPeriod, periodFields, ratio, reportPeriod } from './analytics-period.ts';
import { analyticsCsv, codResponse } from './analytics-reports.schemas.ts';
import { accountOf } from './caller.ts';
import { csvDocument, fixed, sendCsv } from './csv.ts';
import type { RouteRegistry } from './registry.ts';

// Cash on delivery: parcels delivered vs returned to sender (RTO) by city, store, month and saved
// segment (its current members), as JSON and as CSV, one breakdown per file (`by`).

const periodQuery = z.strictObject(periodFields).superRefine(checkPeriod);
const csvQuery = z
  .strictObject({
    ...periodFields,
    by: z.enum(['city', 'store', 'month', 'segment', 'confirmation']).default('city').describe('The breakdown in the file'),
  })
  .superRefine(checkPeriod);
type Deps = { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort };
type Figures = z.infer<typeof codResponse>['totals'];

// Rates over settled parcels only: one still on its way is neither a delivery nor a return yet.
function figures(f: CodFigures): Figures {
  const settled = f.delivered + f.returned;
  return {
    parcels: f.parcels,
    delivered: f.delivered,
    returned: f.returned,
    open: f.parcels - settled,
    deliveredRate: ratio(f.delivered, settled),
    returnRate: ratio(f.returned, settled),
  };
}

export function registerCodRoutes(registry: RouteRegistry, deps: Deps): void {
  const load = async (accountId: string, query: { from: string; to: string }): Promise<z.infer<typeof codResponse>> => {
    const r = await deps.analyticsReports.cod(await reportPeriod(deps.accounts, accountId, query));
    // Every parcel is in exactly one month: the months add up to the totals.
    const totals = r.months.reduce(
      (t, m) => ({ parcels: t.parcels + m.parcels, delivered: t.delivered + m.delivered, returned: t.returned + m.returned }),
      {
        parcels: 0,
        delivered: 0,
        returned: 0,
      },
    );
    return {
      period: { from: query.from, to: query.to },
      totals: figures(totals),
      cities: r.cities.map((c) => ({ city: c.city, ...figures(c) })),
      stores: r.stores.map((s) => ({ connectionId: s.connectionId, name: s.name, domain: s.domain, platform: s.platform, ...figures(s) })),
      months: r.months.map((m) => ({ month: m.month, ...figures(m) })),
      segments: r.segments.map((s) => ({ segmentId: s.segmentId, name: s.name, builtIn: s.builtIn, ...figures(s) })),
      confirmation: r.confirmation.map((c) => ({ answer: c.answer, ...figures(c) })),
    };
  };
  registry.add({
    method: 'get',
    path: '/api/analytics/cod',
    tag: 'Analytics',
    auth: true,
    summary:
      'Cash on delivery: delivered vs returned-to-sender parcels and rates by city, store, month and saved segment (UTC days, `to` inclusive)',
    query: periodQuery,
    response: codResponse,
    errors: [400],
    handler: ({ query, req }) => load(accountOf(req), query),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/cod.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'One cash-on-delivery breakdown (`by` city, store, month or segment) as CSV (UTF-8 with BOM)',
    query: csvQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ query, req, res }) => {
      const r = await load(accountOf(req), query);
      const tail = ['parcels', 'delivered', 'returned', 'open', 'delivered_rate', 'return_rate'];
      const cells = (f: Figures) => [f.parcels, f.delivered, f.returned, f.open, fixed(f.deliveredRate), fixed(f.returnRate)];
      const doc =
        query.by === 'city'
          ? csvDocument(
              ['city', ...tail],
              r.cities.map((c) => [c.city, ...cells(c)]),
            )
          : query.by === 'store'
            ? csvDocument(
                ['store', 'domain', 'platform', ...tail],
                r.stores.map((s) => [s.name, s.domain, s.platform, ...cells(s)]),
              )
            : query.by === 'confirmation'
              ? csvDocument(
                  ['answer', ...tail],
                  r.confirmation.map((c) => [c.answer, ...cells(c)]),
                )
              : query.by === 'segment'
                ? csvDocument(
                    ['segment', 'built_in', ...tail],
                    r.segments.map((s) => [s.name, s.builtIn, ...cells(s)]),
                  )
                : csvDocument(
                    ['month', ...tail],
                    r.months.map((m) => [m.month, ...cells(m)]),
                  );
      sendCsv(res, `cod-by-${query.by}`, doc);
    },
  });
}
