import { z } from 'zod';
import { loyaltySummarySchema } from './loyalty.schemas.ts';

// Responses of the customer list, profile and timeline (the list's query, tied to the store's
// sorts and filters, is in customers.routes.ts and customers.filters.ts).

export const money = z.object({ amount: z.string(), currencyCode: z.string() });
export const pageInfo = z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullable() });

export const customerSummary = z.object({
  id: z.string(),
  email: z.string().nullable(),
  firstName: z.string().nullable(),
  lastName: z.string().nullable(),
  phone: z.string().nullable(),
  numberOfOrders: z.number(),
  amountSpent: money,
  lastOrderAt: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const listedCustomer = customerSummary.extend({
  amountSpentElsewhere: z
    .array(money)
    .describe("Spent in currencies other than the account's, one entry per currency (no exchange rates: not added to amountSpent)"),
});

export const timelineEvent = z.object({
  id: z.string(),
  kind: z.string(),
  occurredAt: z.string(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export const timelinePage = z.object({ events: z.array(timelineEvent), pageInfo });

export const customerProfile = customerSummary.extend({
  locale: z.string().nullable(),
  firstOrderAt: z.string().nullable(),
  averageOrderValue: money.nullable(),
  amountSpentByCurrency: z.array(money.extend({ numberOfOrders: z.number() })),
  tags: z.array(z.string()),
  redacted: z.boolean(),
  identities: z.array(
    z.object({
      connectionId: z.string(),
      store: z.string(),
      platform: z.string(),
      externalId: z.string(),
      email: z.string().nullable(),
      phone: z.string().nullable(),
      linkedBy: z.string(),
      deleted: z.boolean(),
      linkedAt: z.string(),
      // A phone the store sent that could not be read as E.164, as entered (never used to link profiles).
      phoneRaw: z.string().nullable(),
    }),
  ),
  mergedFrom: z.array(z.object({ customerId: z.string(), reason: z.string(), mergedAt: z.string() })),
  /** Marketing consent per channel with a decision: subscribed, unsubscribed or unknown, where from and when. */
  consents: z.array(
    z.object({
      channel: z.enum(['email', 'sms', 'whatsapp']),
      state: z.enum(['subscribed', 'unsubscribed', 'unknown']),
      source: z.string(),
      decidedAt: z.string(),
    }),
  ),
  addresses: z.array(
    z.object({
      name: z.string().nullable(),
      line1: z.string().nullable(),
      line2: z.string().nullable(),
      city: z.string().nullable(),
      province: z.string().nullable(),
      zip: z.string().nullable(),
      countryCode: z.string().nullable(),
      phone: z.string().nullable(),
    }),
  ),
  orders: z.array(
    z.object({
      id: z.string(),
      name: z.string().nullable(),
      placedAt: z.string(),
      status: z.string(),
      paymentStatus: z.string(),
      fulfilmentStatus: z.string(),
      paymentMethod: z.string(),
      total: money,
      refunded: money,
      platformStatus: z.string().nullable(),
      lines: z
        .array(
          z.object({
            productId: z.string().nullable(),
            variantId: z.string().nullable(),
            sku: z.string().nullable(),
            title: z.string(),
            quantity: z.number().int(),
            price: money,
            total: money,
          }),
        )
        .describe("What the order bought, in the store's order"),
    }),
  ),
  timeline: timelinePage,
  loyalty: loyaltySummarySchema,
  insights: z
    .object({
      rfm: z.object({
        recency: z.number().int().min(1).max(5),
        frequency: z.number().int().min(1).max(5),
        monetary: z.number().int().min(1).max(5),
        score: z.string().describe('recency, frequency and monetary scores, e.g. "545"'),
        segment: z.enum(['champions', 'loyal', 'potential_loyalists', 'new', 'at_risk', 'cant_lose', 'hibernating', 'lost']),
      }),
      predictedClv: money.describe('Expected spend over the next 12 months (not discounted)'),
      probabilityAlive: z.number().min(0).max(1),
      expectedOrders90d: z.number().min(0),
      churnRisk: z.enum(['low', 'medium', 'high']),
      nextOrderExpectedAt: z.string().nullable().describe('May be past: the customer is overdue'),
      computedAt: z.string(),
      model: z
        .object({
          confidence: z.enum(['low', 'medium', 'high']),
          customers: z.number().int(),
          repeaters: z.number().int(),
          fittedAt: z.string(),
        })
        .describe("How sure the figures are: the account's fitted model they come from"),
    })
    .nullable()
    .describe('Predictions and RFM scores; null until the insights job has scored the account'),
});

export const customerListResponse = z.object({ customers: z.array(listedCustomer), pageInfo });
/** GET /api/customers/export.csv streams text, not JSON: the registry does not check it. */
export const customersCsv = z.string().describe('text/csv');

export const timelineQuery = z.strictObject({
  after: z.string().regex(/^\d+$/).optional(),
  first: z.coerce.number().int().min(1).max(200).default(50),
  kind: z.string().max(500).optional().describe('Comma-separated event kinds, e.g. order_placed,order_refunded'),
});

export type Money = z.infer<typeof money>;
export type ListedCustomer = z.infer<typeof listedCustomer>;
export type CustomerProfile = z.infer<typeof customerProfile>;
export type TimelinePage = z.infer<typeof timelinePage>;
