import { z } from 'zod';
import type { AnalyticsQueriesPort, Kpis } from '../../crm/analytics/analytics-queries.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { fromMinor } from '../../lib/money.ts';
import { HttpError } from '../errors.ts';
import type { kpiSchema } from './analytics.schemas.ts';
import { analyticsSummaryResponse } from './analytics.schemas.ts';
import { day } from './customers.filters.ts';
import { accountOf } from './caller.ts';
import type { RouteRegistry } from './registry.ts';

// Home-page KPIs for a period and the same-length period just before it, with daily revenue
// for the chart. Days are UTC calendar days; `to` is inclusive.

const DAY_MS = 86_400_000;
const MAX_DAYS = 366;
const iso = (ms: number) => new Date(ms).toISOString();
const dateOf = (ms: number) => iso(ms).slice(0, 10);

function shape(k: Kpis, currency: string): z.infer<typeof kpiSchema> {
  const m = (minor: number) => ({ amount: fromMinor(minor, currency), currencyCode: currency });
  return {
    revenue: m(k.revenueMinor),
    orders: k.orders,
    customers: k.customers,
    repeatCustomers: k.repeatCustomers,
    repeatPurchaseRate: k.customers ? k.repeatCustomers / k.customers : null,
    pointsIssued: k.pointsIssued,
    pointsRedeemed: k.pointsRedeemed,
    memberRevenue: m(k.memberRevenueMinor),
    memberRevenueShare: k.revenueMinor ? k.memberRevenueMinor / k.revenueMinor : null,
  };
}

export function registerAnalyticsRoutes(registry: RouteRegistry, deps: { analytics: AnalyticsQueriesPort; accounts: AccountsPort }): void {
  const { analytics, accounts } = deps;
  registry.add({
    method: 'get',
    path: '/api/analytics/summary',
    tag: 'Analytics',
    auth: true,
    summary: 'KPIs for a period (UTC days, `to` inclusive) beside the previous period of the same length, and daily revenue',
    query: z.strictObject({ from: day, to: day }),
    response: analyticsSummaryResponse,
    errors: [400],
    handler: async ({ query, req }) => {
      const accountId = accountOf(req);
      const start = Date.parse(`${query.from}T00:00:00.000Z`);
      const end = Date.parse(`${query.to}T00:00:00.000Z`) + DAY_MS; // exclusive
      const days = Math.round((end - start) / DAY_MS);
      if (days < 1) throw new HttpError('invalid', 'Invalid period', [{ path: 'to', message: 'must not be before from' }]);
      if (days > MAX_DAYS) throw new HttpError('invalid', 'Invalid period', [{ path: 'to', message: `at most ${MAX_DAYS} days` }]);
      const currency = (await accounts.getAccount(accountId))?.currency ?? 'USD';
      const prevStart = start - days * DAY_MS;
      const [dailyRows, current, previous] = await Promise.all([
        analytics.dailyRevenue(accountId, currency, iso(start), iso(end)),
        analytics.kpis(accountId, currency, iso(start), iso(end)),
        analytics.kpis(accountId, currency, iso(prevStart), iso(start)),
      ]);
      const byDay = new Map(dailyRows.map((r) => [r.date, r]));
      const daily = Array.from({ length: days }, (_, i) => {
        const date = dateOf(start + i * DAY_MS);
        const r = byDay.get(date);
        return { date, revenue: { amount: fromMinor(r?.revenueMinor ?? 0, currency), currencyCode: currency }, orders: r?.orders ?? 0 };
      });
      return {
        currency,
        period: { from: query.from, to: query.to },
        previousPeriod: { from: dateOf(prevStart), to: dateOf(start - DAY_MS) },
        current: shape(current, currency),
        previous: shape(previous, currency),
        daily,
      };
    },
  });
}
