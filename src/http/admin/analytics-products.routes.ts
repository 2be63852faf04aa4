import { z } from 'zod';
import type { AnalyticsReportsPort } from '../../crm/analytics/analytics-reports.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { fromMinor } from '../../lib/money.ts';
import { checkPeriod, periodFields, ratio, reportPeriod } from './analytics-period.ts';
import { analyticsCsv, productsResponse } from './analytics-reports.schemas.ts';
import { accountOf } from './caller.ts';
import { csvDocument, fixed, sendCsv } from './csv.ts';
import type { RouteRegistry } from './registry.ts';

// Products: top sellers, products that bring first-time buyers back, and pairs bought together,
// as JSON and as CSV, one table per file (`table`). Each list is bounded by `limit`.

const fields = {
  ...periodFields,
  sort: z.enum(['revenue', 'units', 'customers']).default('revenue').describe('The order of the top products'),
  limit: z.coerce.number().int().min(1).max(100).default(20).describe('Rows per list, 1–100'),
  minBuyers: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(5)
    .describe('Products with fewer first-order buyers are left out of `returning`'),
};
const productsQuery = z.strictObject(fields).superRefine(checkPeriod);
const csvQuery = z
  .strictObject({ ...fields, table: z.enum(['top', 'returning', 'pairs']).default('top').describe('The list in the file') })
  .superRefine(checkPeriod);
type Deps = { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort };

export function registerProductRoutes(registry: RouteRegistry, deps: Deps): void {
  // A CSV holds one list: the others are not computed (`only`).
  const load = async (
    accountId: string,
    query: z.infer<typeof productsQuery>,
    only?: 'top' | 'returning' | 'pairs',
  ): Promise<z.infer<typeof productsResponse>> => {
    const p = await reportPeriod(deps.accounts, accountId, query);
    const wanted = (list: typeof only) => only === undefined || only === list;
    const top = wanted('top') ? await deps.analyticsReports.topProducts(p, { sort: query.sort, limit: query.limit }) : [];
    const returning = wanted('returning')
      ? await deps.analyticsReports.returningProducts(p, { minBuyers: query.minBuyers, limit: query.limit })
      : [];
    const together = wanted('pairs') ? await deps.analyticsReports.boughtTogether(p, { limit: query.limit }) : { baskets: 0, pairs: [] };
    return {
      currency: p.currency,
      period: { from: query.from, to: query.to },
      top: top.map(({ revenueMinor, ...t }) => ({
        ...t,
        revenue: { amount: fromMinor(revenueMinor, p.currency), currencyCode: p.currency },
      })),
      returning: returning.map((r) => ({ ...r, rate: ratio(r.cameBack, r.firstOrderBuyers) })),
      boughtTogether: {
        baskets: together.baskets,
        pairs: together.pairs.map((x) => ({ ...x, support: ratio(x.orders, together.baskets) })),
      },
    };
  };
  registry.add({
    method: 'get',
    path: '/api/analytics/products',
    tag: 'Analytics',
    auth: true,
    summary: 'Top products, products that bring first-time buyers back, and products bought together (UTC days, `to` inclusive)',
    query: productsQuery,
    response: productsResponse,
    errors: [400],
    handler: ({ query, req }) => load(accountOf(req), query),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/products.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'One product list (`table` top, returning or pairs) as CSV (UTF-8 with BOM)',
    query: csvQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ query, req, res }) => {
      const { table, ...rest } = query;
      const r = await load(accountOf(req), rest, table);
      const doc =
        table === 'top'
          ? csvDocument(
              ['product_id', 'title', 'revenue', 'currency', 'units', 'orders', 'customers'],
              r.top.map((t) => [t.productId, t.title, t.revenue.amount, t.revenue.currencyCode, t.units, t.orders, t.customers]),
            )
          : table === 'returning'
            ? csvDocument(
                ['product_id', 'title', 'first_order_buyers', 'came_back', 'rate'],
                r.returning.map((t) => [t.productId, t.title, t.firstOrderBuyers, t.cameBack, fixed(t.rate)]),
              )
            : csvDocument(
                ['product_a_id', 'product_a', 'product_b_id', 'product_b', 'orders', 'support'],
                r.boughtTogether.pairs.map((x) => [x.a.productId, x.a.title, x.b.productId, x.b.title, x.orders, fixed(x.support)]),
              );
      sendCsv(res, `products-${table}`, doc);
    },
  });
}
