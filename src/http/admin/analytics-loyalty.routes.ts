import { z } from 'zod';
import type { AnalyticsReportsPort, BuyerGroup } from '../../crm/analytics/analytics-reports.port.ts';
import { pointsLiabilityMinor } from '../../crm/analytics/points-liability.ts';
import { currentProgram } from '../../crm/loyalty/program.service.ts';
import type { CrmStore } from '../../crm/store.port.ts';
import type { AccountsPort } from '../../crm/tenancy/accounts.port.ts';
import { fromMinor } from '../../lib/money.ts';
import { checkPeriod, periodFields, ratio, reportPeriod } from './analytics-period.ts';
import { analyticsCsv, loyaltyRoiResponse } from './analytics-reports.schemas.ts';
import { accountOf } from './caller.ts';
import { csvDocument, fixed, sendCsv } from './csv.ts';
import type { RouteRegistry } from './registry.ts';

// Loyalty ROI: members vs non-members, the points liability (outstanding points × the program's
// `pointCost`), redemption and referral figures, as JSON and as a three-column CSV
// (metric, value, currency).

const periodQuery = z.strictObject(periodFields).superRefine(checkPeriod);
type Deps = { analyticsReports: AnalyticsReportsPort; accounts: AccountsPort; store: CrmStore };
type Response = z.infer<typeof loyaltyRoiResponse>;

function group(g: BuyerGroup, currency: string): Response['members'] {
  const m = (minor: number) => ({ amount: fromMinor(minor, currency), currencyCode: currency });
  return {
    customers: g.customers,
    orders: g.orders,
    revenue: m(g.revenueMinor),
    averageOrderValue: g.ordersInCurrency ? m(Math.round(g.revenueMinor / g.ordersInCurrency)) : null,
    ordersPerCustomer: ratio(g.orders, g.customers),
    repeatCustomers: g.repeatCustomers,
    repeatRate: ratio(g.repeatCustomers, g.customers),
    revenuePerCustomer: g.customers ? m(Math.round(g.revenueMinor / g.customers)) : null,
  };
}

export function registerLoyaltyRoiRoutes(registry: RouteRegistry, deps: Deps): void {
  const load = async (accountId: string, query: z.infer<typeof periodQuery>): Promise<Response> => {
    const p = await reportPeriod(deps.accounts, accountId, query);
    const r = await deps.analyticsReports.loyaltyRoi(p);
    const { program } = await deps.store.transaction((repos) => currentProgram(repos, accountId));
    const cost = program?.settings.pointCost ?? null;
    const m = (minor: number) => ({ amount: fromMinor(minor, p.currency), currencyCode: p.currency });
    return {
      currency: p.currency,
      period: { from: query.from, to: query.to },
      members: group(r.members, p.currency),
      nonMembers: group(r.nonMembers, p.currency),
      points: {
        outstanding: r.points.available,
        pending: r.points.pending,
        holders: r.points.holders,
        // The cost as entered (up to 4 places), never rounded to the currency's minor unit.
        pointCost: cost === null ? null : { amount: cost, currencyCode: p.currency },
        liability: cost === null ? null : m(pointsLiabilityMinor(r.points.available, cost, p.currency)),
        issued: r.points.issued,
        redeemed: r.points.redeemed,
        redemptionRate: ratio(r.points.redeemed, r.points.issued),
      },
      referrals: {
        newCustomers: r.referrals.newCustomers,
        referredCustomers: r.referrals.referredCustomers,
        referralRate: ratio(r.referrals.referredCustomers, r.referrals.newCustomers),
        referralOrders: r.referrals.referralOrders,
        referralRevenue: m(r.referrals.referralRevenueMinor),
        referredCustomersRevenue: m(r.referrals.referredCustomersRevenueMinor),
      },
    };
  };
  registry.add({
    method: 'get',
    path: '/api/analytics/loyalty',
    tag: 'Analytics',
    auth: true,
    summary: 'Loyalty ROI: members vs non-members, points liability, redemption and referral rates (UTC days, `to` inclusive)',
    query: periodQuery,
    response: loyaltyRoiResponse,
    errors: [400],
    handler: ({ query, req }) => load(accountOf(req), query),
  });
  registry.add({
    method: 'get',
    path: '/api/analytics/loyalty.csv',
    tag: 'Analytics',
    auth: true,
    summary: 'The loyalty ROI figures as CSV (UTF-8 with BOM): metric, value, currency',
    query: periodQuery,
    response: analyticsCsv,
    errors: [400],
    handler: async ({ query, req, res }) => {
      const r = await load(accountOf(req), query);
      type Row = [string, string | number | null, string | null];
      const money = (name: string, v: { amount: string; currencyCode: string } | null): Row => [
        name,
        v?.amount ?? null,
        v ? v.currencyCode : null,
      ];
      const groupRows = (prefix: string, g: Response['members']): Row[] => [
        [`${prefix}_customers`, g.customers, null],
        [`${prefix}_orders`, g.orders, null],
        money(`${prefix}_revenue`, g.revenue),
        money(`${prefix}_average_order_value`, g.averageOrderValue),
        [`${prefix}_orders_per_customer`, fixed(g.ordersPerCustomer), null],
        [`${prefix}_repeat_customers`, g.repeatCustomers, null],
        [`${prefix}_repeat_rate`, fixed(g.repeatRate), null],
        money(`${prefix}_revenue_per_customer`, g.revenuePerCustomer),
      ];
      const rows: Row[] = [
        ...groupRows('members', r.members),
        ...groupRows('non_members', r.nonMembers),
        ['points_outstanding', r.points.outstanding, null],
        ['points_pending', r.points.pending, null],
        ['points_holders', r.points.holders, null],
        money('point_cost', r.points.pointCost),
        money('points_liability', r.points.liability),
        ['points_issued', r.points.issued, null],
        ['points_redeemed', r.points.redeemed, null],
        ['redemption_rate', fixed(r.points.redemptionRate), null],
        ['new_customers', r.referrals.newCustomers, null],
        ['referred_customers', r.referrals.referredCustomers, null],
        ['referral_rate', fixed(r.referrals.referralRate), null],
        ['referral_orders', r.referrals.referralOrders, null],
        money('referral_revenue', r.referrals.referralRevenue),
        money('referred_customers_revenue', r.referrals.referredCustomersRevenue),
      ];
      sendCsv(res, 'loyalty-roi', csvDocument(['metric', 'value', 'currency'], rows));
    },
  });
}
