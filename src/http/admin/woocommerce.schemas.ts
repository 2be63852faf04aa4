import { z } from 'zod';
import { runNote } from './sync.schemas.ts';

// WooCommerce connect, sync view and reconcile.
export const webhookHealth = z.object({ topic: z.string(), id: z.string().nullable(), status: z.string(), action: z.string() });

const siteUrl = z.string().trim().min(1).max(2000);
export const wooConnectBody = z.strictObject({
  url: siteUrl,
  consumerKey: z
    .string()
    .trim()
    .regex(/^ck_\w{8,64}$/, 'a WooCommerce consumer key starts with ck_'),
  consumerSecret: z
    .string()
    .trim()
    .regex(/^cs_\w{8,64}$/, 'a WooCommerce consumer secret starts with cs_'),
});
export const wooConnectResponse = z.object({
  connection: z.object({ id: z.string(), domain: z.string(), currency: z.string() }),
  webhooks: z.array(webhookHealth),
  backfill: z.literal('started'),
});
export const wooAuthorizeQuery = z.strictObject({ url: siteUrl });
export const wooAuthorizeResponse = z.object({ url: z.string(), expiresAt: z.string() });
export const wooRunView = z.object({
  id: z.string(),
  kind: z.string(),
  resource: z.string(),
  status: z.string(),
  total: z.number().nullable(),
  done: z.number(),
  percentage: z.number().nullable(),
  ...runNote,
  error: z.string().nullable(),
  startedAt: z.string(),
  updatedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export const wooSyncResponse = z.object({
  runs: z.array(wooRunView),
  state: z.object({
    ordersWatermark: z.string().nullable(),
    customersWatermark: z.string().nullable(),
    lastReconcileAt: z.string().nullable(),
    webhooksCheckedAt: z.string().nullable(),
  }),
  webhooks: z.union([z.array(webhookHealth), z.object({ error: z.string() })]),
});
export const wooReconcileBody = z.strictObject({ fullCustomers: z.boolean().default(false) });
export const wooReconcileResponse = z.object({
  orders: z.number(),
  trashed: z.number(),
  customers: z.number(),
  /** Products read (changed since the previous reconcile began; all of them the first time). */
  products: z.number(),
  ordersWatermark: z.string().nullable(),
  webhooks: z.array(webhookHealth),
});
