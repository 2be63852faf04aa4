import { z } from 'zod';
import { money } from './customers.schemas.ts';

// GET /api/analytics/summary (its query, UTC days, is in analytics.routes.ts with customers.filters.ts).

export const kpiSchema = z.object({
  revenue: money,
  orders: z.number(),
  customers: z.number(),
  repeatCustomers: z.number(),
  repeatPurchaseRate: z.number().nullable().describe('repeatCustomers / customers; null without customers'),
  pointsIssued: z.number(),
  pointsRedeemed: z.number(),
  memberRevenue: money,
  memberRevenueShare: z.number().nullable().describe('memberRevenue / revenue; null without revenue'),
});

export const analyticsSummaryResponse = z.object({
  currency: z.string(),
  period: z.object({ from: z.string(), to: z.string() }),
  previousPeriod: z.object({ from: z.string(), to: z.string() }),
  current: kpiSchema,
  previous: kpiSchema,
  daily: z.array(z.object({ date: z.string(), revenue: money, orders: z.number() })),
});
