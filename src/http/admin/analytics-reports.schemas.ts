import { z } from 'zod';
import { money } from './customers.schemas.ts';

// GET /api/analytics/{retention,repeat-purchase,loyalty,cod,products,clv,churn,model-check} and their `.csv` twins
// (queries in analytics-period.ts and the analytics-*.routes.ts files). Rates are fractions
// (0.25 = 25 %), null when their denominator is 0.

const rate = z.number().nullable();
const period = z.object({ from: z.string(), to: z.string() }).describe('UTC days, `to` inclusive');
export const analyticsCsv = z.string().describe('text/csv');

export const retentionResponse = z.object({
  period,
  months: z.number(),
  asOf: z.string().describe('Months after this UTC day have not begun: their cells are null'),
  cohorts: z.array(
    z.object({
      month: z.string().describe('YYYY-MM of the cohort’s first orders'),
      customers: z.number(),
      retention: z.array(
        z.object({
          offset: z.number().describe('Months after the cohort month'),
          customers: z.number().nullable().describe('Cohort customers with a counted order that month'),
          rate: rate.describe('customers / cohort size'),
        }),
      ),
    }),
  ),
});

export const repeatPurchaseResponse = z.object({
  period,
  customers: z.number(),
  orders: z.number(),
  repeatCustomers: z.number(),
  repeatPurchaseRate: rate.describe('repeatCustomers / customers'),
  purchaseFrequency: rate.describe('orders / customers'),
  daysBetweenOrders: z.object({
    intervals: z.number(),
    meanDays: z.number().nullable(),
    medianDays: z.number().nullable(),
  }),
});

const buyerGroup = z.object({
  customers: z.number(),
  orders: z.number(),
  revenue: money,
  averageOrderValue: money.nullable().describe('revenue / orders in the reporting currency, rounded to the minor unit'),
  ordersPerCustomer: rate,
  repeatCustomers: z.number(),
  repeatRate: rate,
  revenuePerCustomer: money.nullable(),
});

export const loyaltyRoiResponse = z.object({
  currency: z.string(),
  period,
  members: buyerGroup,
  nonMembers: buyerGroup,
  points: z.object({
    outstanding: z.number().describe('Available points held at the end of the period'),
    pending: z.number(),
    holders: z.number(),
    pointCost: money.nullable().describe('The program’s cost per point; null until set'),
    liability: money.nullable().describe('outstanding × pointCost'),
    issued: z.number(),
    redeemed: z.number(),
    redemptionRate: rate.describe('redeemed / issued'),
  }),
  referrals: z.object({
    newCustomers: z.number(),
    referredCustomers: z.number(),
    referralRate: rate.describe('referredCustomers / newCustomers'),
    referralOrders: z.number(),
    referralRevenue: money,
    referredCustomersRevenue: money,
  }),
});

const codFigures = {
  parcels: z.number(),
  delivered: z.number(),
  returned: z.number().describe('Returned to sender (RTO)'),
  open: z.number().describe('Neither delivered nor returned yet'),
  deliveredRate: rate.describe('delivered / (delivered + returned)'),
  returnRate: rate.describe('returned / (delivered + returned)'),
};

export const codResponse = z.object({
  period,
  totals: z.object(codFigures),
  cities: z.array(z.object({ city: z.string().nullable(), ...codFigures })),
  stores: z.array(z.object({ connectionId: z.string(), name: z.string(), domain: z.string(), platform: z.string(), ...codFigures })),
  months: z.array(z.object({ month: z.string(), ...codFigures })),
  segments: z
    .array(z.object({ segmentId: z.string(), name: z.string(), builtIn: z.string().nullable(), ...codFigures }))
    .describe('Saved segments: parcels of their current members; a customer in two segments counts in both'),
  confirmation: z
    .array(z.object({ answer: z.enum(['confirmed', 'cancelled', 'no_answer', 'awaiting', 'not_asked']), ...codFigures }))
    .describe('By the answer to the WhatsApp COD confirmation: the RTO rate of confirmed vs unanswered vs never-asked orders'),
});

const product = { productId: z.string().nullable(), title: z.string() };

export const productsResponse = z.object({
  currency: z.string(),
  period,
  top: z.array(z.object({ ...product, revenue: money, units: z.number(), orders: z.number(), customers: z.number() })),
  returning: z.array(z.object({ ...product, firstOrderBuyers: z.number(), cameBack: z.number(), rate })),
  boughtTogether: z.object({
    baskets: z.number(),
    pairs: z.array(
      z.object({
        a: z.object(product),
        b: z.object(product),
        orders: z.number(),
        support: rate.describe('orders / baskets'),
      }),
    ),
  }),
});

// GET /api/analytics/{clv,churn,model-check}: predictions as of the account's last fit (no period).

export const rfmSegments = ['champions', 'loyal', 'potential_loyalists', 'new', 'at_risk', 'cant_lose', 'hibernating', 'lost'] as const;
export const churnBands = ['low', 'medium', 'high'] as const;

const model = z
  .object({
    confidence: z.enum(['low', 'medium', 'high']).describe('How sure the fit is (customers, repeaters and standard errors)'),
    customers: z.number(),
    repeaters: z.number(),
    priorShare: z.number().nullable().describe('0–1: how much the pooled prior still decides'),
    fittedAt: z.string(),
    currency: z.string(),
  })
  .nullable()
  .describe('The account’s fitted model; null before its first fit (every customer is then unscored)');

const valueFigures = {
  customers: z.number().describe('Customers with a counted order'),
  scored: z.number().describe('Of them, those with a prediction'),
  historic: money.describe('Net revenue of their counted orders to date'),
  predicted: money.describe('Predicted spend over the next 12 months, scored customers only'),
  averageHistoric: money.nullable().describe('historic / customers'),
  averagePredicted: money.nullable().describe('predicted / scored'),
};

export const clvResponse = z.object({
  currency: z.string(),
  model,
  totals: z.object(valueFigures),
  segments: z.array(z.object({ segment: z.enum(rfmSegments).nullable().describe('RFM segment; null: no score'), ...valueFigures })),
});

export const churnResponse = z.object({
  currency: z.string(),
  model,
  totals: z.object(valueFigures),
  bands: z.array(
    z.object({
      churnRisk: z.enum(churnBands).nullable().describe('From P(alive): low ≥ 0.7 > medium ≥ 0.3 > high; null: no score'),
      ...valueFigures,
    }),
  ),
});

export const modelCheckResponse = z.object({
  model,
  check: z
    .object({
      holdoutWeeks: z.number(),
      calibrationEnd: z.string().describe('The shop day the calibration ends (included)'),
      holdoutEnd: z.string().describe('The last shop day of the holdout: the day of the fit'),
      customers: z.number().describe('Customers whose first order falls in calibration'),
      repeaters: z.number(),
      predicted: z.number().describe('Repeat orders predicted in the holdout (orders on one day are one)'),
      actual: z.number(),
      rows: z.array(
        z.object({
          repeatOrders: z.number().describe('Repeat orders in calibration'),
          orMore: z.boolean().describe('The last row: this many or more'),
          customers: z.number(),
          predicted: z.number(),
          actual: z.number(),
          meanPredicted: rate,
          meanActual: rate,
        }),
      ),
    })
    .nullable()
    .describe('null before the first fit, or when nobody ordered before the holdout'),
});
